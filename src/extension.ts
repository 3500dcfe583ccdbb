// Entry point: all wiring lives in the composition root under src/vscode/.
export function activate(): void {
  // The composition root lands with the extension issue; the store and CLI come first.
}

export function deactivate(): void {}
