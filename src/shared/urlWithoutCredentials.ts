// A URL fit to show or store: the user name and password of `scheme://user:pass@host` removed.

export function urlWithoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/iu, '$1');
}
