//! What the viewer tells the page it lives in: DOM events (`folio-ready`, `folio-navigate`,
//! `folio-open`, `folio-search`, `folio-error`) dispatched from the viewer's root element, bubbling
//! and `composed`, so that they leave an embedded viewer's shadow root and reach listeners on
//! `<folio-viewer>` and above. Their `detail` shapes are in docs/EMBED.md.

use wasm_bindgen::JsValue;

/// One event's `detail`, as named fields.
pub struct Detail(Vec<(&'static str, JsValue)>);

impl Detail {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Adds a field.
    pub fn with(mut self, name: &'static str, value: impl Into<JsValue>) -> Self {
        self.0.push((name, value.into()));
        self
    }
}

impl Default for Detail {
    fn default() -> Self {
        Self::new()
    }
}

/// Dispatches event `name` with `detail` from `root` (a viewer's root element).
pub fn emit(root: &web_sys::Element, name: &str, detail: Detail) {
    let object = js_sys::Object::new();
    for (field, value) in detail.0 {
        let _ = js_sys::Reflect::set(&object, &field.into(), &value);
    }
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&object);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = root.dispatch_event(&event);
    }
}
