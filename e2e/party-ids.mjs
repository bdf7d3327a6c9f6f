// Norwegian party ids as worker/openapi.json defines them (its `organisasjonsnummer` and `fodselsnummer` formats):
// the checks the Worker makes, for validating its answers and for generating valid ids in tests.

const mod11 = (digits, weights) => {
  const k = 11 - (weights.reduce((sum, w, i) => sum + w * digits[i], 0) % 11);
  return k === 11 ? 0 : k; // 10: no valid check digit
};

/** Whether `s` is an organisasjonsnummer: 9 digits, the last a mod-11 check digit. */
export function isOrganisasjonsnummer(s) {
  if (typeof s !== 'string' || !/^[0-9]{9}$/.test(s)) return false;
  const d = [...s].map(Number);
  return mod11(d, [3, 2, 7, 6, 5, 4, 3, 2]) === d[8];
}

function daysIn(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `s` is a fødselsnummer (D-, H- and synthetic test numbers too): a birth date and two check digits. */
export function isFodselsnummer(s) {
  if (typeof s !== 'string' || !/^[0-9]{11}$/.test(s)) return false;
  const d = [...s].map(Number);
  let day = d[0] * 10 + d[1];
  let month = d[2] * 10 + d[3];
  if (day > 40) day -= 40;
  if (month > 80) month -= 80;
  else if (month > 40) month -= 40;
  const yy = d[4] * 10 + d[5];
  const individual = d[6] * 100 + d[7] * 10 + d[8];
  let year = 2000;
  if (individual <= 499 || (individual >= 900 && yy >= 40)) year = 1900 + yy;
  else if (individual >= 500 && individual <= 749 && yy >= 54) year = 1800 + yy;
  else if (individual >= 500 && yy <= 39) year = 2000 + yy;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  return mod11(d, [3, 7, 6, 1, 8, 9, 4, 5, 2]) === d[9] && mod11(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) === d[10];
}
