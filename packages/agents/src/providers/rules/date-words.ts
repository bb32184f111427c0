/** Month and weekday names in the seven languages the rules read, for the date patterns. */

const MONTH_NAMES: [number, string[]][] = [
  [1, ['january', 'jan', 'januar', 'jänner', 'janvier', 'enero', 'januari', 'gennaio', 'janeiro']],
  [2, ['february', 'feb', 'februar', 'février', 'fevrier', 'febrero', 'februari', 'febbraio', 'fevereiro']],
  [3, ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo', 'maart', 'março']],
  [4, ['april', 'apr', 'avril', 'abril', 'aprile']],
  [5, ['may', 'mai', 'mayo', 'mei', 'maggio', 'maio']],
  [6, ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'junho']],
  [7, ['july', 'jul', 'juli', 'juillet', 'julio', 'luglio', 'julho']],
  [8, ['august', 'aug', 'août', 'aout', 'agosto', 'augustus']],
  [9, ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'setembro']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'outubro']],
  [11, ['november', 'nov', 'novembre', 'noviembre', 'novembro']],
  [12, ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'diciembre', 'dicembre', 'dezembro']],
];

/** Month number (1-12) by lower-case name or abbreviation. */
export const MONTHS: Readonly<Record<string, number>> = Object.fromEntries(MONTH_NAMES.flatMap(([n, names]) => names.map((name) => [name, n])));

const alternation = (names: readonly string[]) => [...names].sort((a, b) => b.length - a.length).join('|');

/** Regex source of one month name, as a capture group. */
export const MONTH = `(${alternation(Object.keys(MONTHS))})`;

const WEEKDAY_NAMES: [number, string[]][] = [
  [0, ['sunday', 'sun', 'sonntag', 'dimanche', 'domingo', 'domenica', 'zondag']],
  [1, ['monday', 'mon', 'montag', 'lundi', 'lunes', 'lunedì', 'lunedi', 'maandag', 'segunda-feira', 'segunda']],
  [2, ['tuesday', 'tue', 'tues', 'dienstag', 'mardi', 'martes', 'martedì', 'martedi', 'dinsdag', 'terça-feira', 'terça']],
  [3, ['wednesday', 'wed', 'mittwoch', 'mercredi', 'miércoles', 'miercoles', 'mercoledì', 'mercoledi', 'woensdag', 'quarta-feira', 'quarta']],
  [4, ['thursday', 'thu', 'thur', 'thurs', 'donnerstag', 'jeudi', 'jueves', 'giovedì', 'giovedi', 'donderdag', 'quinta-feira', 'quinta']],
  [5, ['friday', 'fri', 'freitag', 'vendredi', 'viernes', 'venerdì', 'venerdi', 'vrijdag', 'sexta-feira', 'sexta']],
  [6, ['saturday', 'sat', 'samstag', 'samedi', 'sábado', 'sabato', 'zaterdag']],
];

/** Day of the week (0 = Sunday) by lower-case name or abbreviation. */
export const WEEKDAYS: Readonly<Record<string, number>> = Object.fromEntries(WEEKDAY_NAMES.flatMap(([n, names]) => names.map((name) => [name, n])));

/** Regex source of one weekday name, as a capture group. */
export const WEEKDAY = `(${alternation(Object.keys(WEEKDAYS))})`;
