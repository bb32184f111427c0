/** A browser in miniature over real HTTP: keeps cookies, follows no redirects, reads the page's CSRF token. */
export class HttpBrowser {
  private readonly jar = new Map<string, string>();

  constructor(private readonly baseUrl: () => string) {}

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const response = await fetch(this.baseUrl() + path, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (value === '' || /Expires=Thu, 01 Jan 1970/i.test(cookie)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: response.status, location: response.headers.get('location'), html: await response.text(), headers: response.headers };
  }

  csrf(html: string): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error('no CSRF token on the page');
    return token;
  }

  has(cookie: string): boolean {
    return this.jar.has(cookie);
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  /** Puts a cookie in the jar, e.g. one copied from another browser (an attacker's replay). */
  setCookie(name: string, value: string): void {
    this.jar.set(name, value);
  }
}
