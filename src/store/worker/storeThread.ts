// For one release, RUNLENS_STORE_ON_MAIN_THREAD=1 brings back the old arrangement (SQLite and the
// embedded server on the caller's thread), so the responsiveness bench can measure both.
export function storeOnMainThread(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.RUNLENS_STORE_ON_MAIN_THREAD === '1';
}
