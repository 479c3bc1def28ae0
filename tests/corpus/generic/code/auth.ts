export function setToken(token: string) {
  const authToken = token;
  localStorage.setItem('authToken', authToken);
}
const passwordField = document.querySelector('#password');
