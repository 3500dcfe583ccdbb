// Copy Load Snippet: the Python that loads a registered model, through pyfunc and through its
// flavor's own loader, from the flavors its MLmodel lists. No vscode import.
import { parse } from 'yaml';

/**
 * MLmodel flavor keys whose mlflow 3.18 module has a `load_model` returning the library's own
 * object. The key names the module for each of these; `python_function` is pyfunc (always
 * offered), and flavors such as `crate` (R) have no Python loader.
 */
const NATIVE_LOADERS = new Set([
  'catboost', 'diffusers', 'dspy', 'h2o', 'johnsnowlabs', 'keras', 'langchain', 'lightgbm', 'llama_index', 'onnx',
  'openai', 'paddle', 'pmdarima', 'prophet', 'pytorch', 'sentence_transformers', 'sklearn', 'spacy', 'spark',
  'statsmodels', 'tensorflow', 'transformers', 'xgboost',
]);

/** The flavor keys of an MLmodel file, in file order; none when it cannot be read as one. */
export function mlmodelFlavors(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch {
    return [];
  }
  const flavors = (parsed as { flavors?: unknown } | null)?.flavors;
  return typeof flavors === 'object' && flavors !== null && !Array.isArray(flavors) ? Object.keys(flavors) : [];
}

/** `mlflow.sklearn` for a flavor with its own loader; undefined for pyfunc and unknown flavors. */
export function nativeLoaderModule(flavor: string): string | undefined {
  return NATIVE_LOADERS.has(flavor) ? `mlflow.${flavor}` : undefined;
}

/** A Python string literal for the URI (JSON's escaping is valid Python). */
function pythonString(text: string): string {
  return JSON.stringify(text);
}

/**
 * `import mlflow`, the pyfunc load (predict with any flavor), then the first native flavor's own
 * loader; further native flavors follow as comments.
 */
export function loadSnippet(uri: string, flavors: readonly string[]): string {
  const natives = flavors.map((f) => ({ flavor: f, module: nativeLoaderModule(f) })).filter((n): n is { flavor: string; module: string } => n.module !== undefined);
  const lines = ['import mlflow', '', `model = mlflow.pyfunc.load_model(${pythonString(uri)})`];
  for (const [index, { flavor, module }] of natives.entries()) {
    const line = `${flavor}_model = ${module}.load_model(${pythonString(uri)})`;
    if (index === 0) lines.push(`# The ${flavor} flavor's own object:`, line);
    else lines.push(`# ${line}`);
  }
  return `${lines.join('\n')}\n`;
}
