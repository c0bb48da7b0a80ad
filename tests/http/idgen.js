// idgen.js - valid Chinese identifiers for the scenarios: an ID number's
// GB 11643 check character and a credit code's GB 32100 one.
export function idNumber(body17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body17 + '10X98765432'[sum % 11];
}
export function creditCode(body17) {
  const al = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...body17].reduce((s, c, i) => s + al.indexOf(c) * w[i], 0);
  const c = 31 - (sum % 31);
  return body17 + al[c === 31 ? 0 : c];
}
// The same identifier with a wrong last character.
export const wrongLast = (s) => s.slice(0, -1) + (s.endsWith('1') ? '2' : '1');
