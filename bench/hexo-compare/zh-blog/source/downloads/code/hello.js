console.log("来自文件");
