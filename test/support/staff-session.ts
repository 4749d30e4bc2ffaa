import request from 'supertest';

type App = Parameters<typeof request>[0];

/** Sign in through an area's form as a browser would: the login CSRF cookie, then the form; returns the session cookie. */
export async function signInAs(app: App, area: '/insights' | '/connect', email: string, password: string) {
  const form = await request(app).get(`${area}/sign-in`);
  const loginCookie = form.headers['set-cookie']![0]!.split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const res = await request(app).post(`${area}/sign-in`).set('Cookie', loginCookie).type('form').send({ _csrf: token, email, password });
  const session = (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.includes('signpost-connect='));
  return { res, cookie: session?.split(';')[0] ?? '' };
}
