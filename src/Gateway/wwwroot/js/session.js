// The bearer token lives in sessionStorage: it survives a reload of this tab but not the tab itself,
// and no other tab or later visit can read it (localStorage would keep it on disk indefinitely).
const tokenKey = "akkaocr.token";

export function token() {
  return sessionStorage.getItem(tokenKey);
}

export function signIn(accessToken) {
  sessionStorage.setItem(tokenKey, accessToken);
}

export function signOut() {
  sessionStorage.removeItem(tokenKey);
}

export function isSignedIn() {
  return token() !== null;
}
