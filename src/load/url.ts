/** Connection URLs: masking passwords for every message, and telling local from remote. */

export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

export interface UrlParts {
  host: string;
  database: string;
}

export function urlParts(url: string): UrlParts {
  const u = new URL(url);
  const hostParam = u.searchParams.get('host');
  return { host: hostParam ?? (decodeURIComponent(u.hostname) || 'localhost'), database: decodeURIComponent(u.pathname.slice(1)) || u.username || 'postgres' };
}
