// Placeholder so the package resolves while the module is written; removed once it has sources.
