import { extractByRules } from '../rules/extract';

// Phrasings of a need-by date written for this test (none copied from a corpus), read against a
// Wednesday (2026-03-11) unless a case says otherwise: weekdays, relative days and durations, ends
// and middles of periods, dates in seven languages, dates in the subject, and mail with several
// dates of which one is the need-by date.
const WEDNESDAY = '2026-03-11T10:15:00Z';

type Case = [label: string, subject: string, text: string, neededBy: string | null, receivedAt?: string];

const neededBy = ([, subject, text, , receivedAt]: Case) =>
  extractByRules({ subject, text, from: { address: 'a.person@acme.example' }, receivedAt: receivedAt ?? WEDNESDAY }).neededBy;

const weekdays: Case[] = [
  ['en weekday', 'webcams', 'Could you get us 3 webcams by Thursday?', '2026-03-12'],
  ['en weekday named on that weekday is next week', 'toner', '2 toner cartridges please, by Wed.', '2026-03-18'],
  ['en weekday with day number', 'desk', 'One standing desk, needed by Friday 13th.', '2026-03-13'],
  ['en next weekday', 'cables', 'Please order 20 HDMI cables before next Tuesday.', '2026-03-17'],
  ['de weekday', 'Monitore', 'Bitte 5 Monitore bis Freitag bestellen.', '2026-03-13'],
  ['de weekday with day number', 'Stühle', 'Wir brauchen 6 Stühle bis Montag, den 16.', '2026-03-16'],
  ['fr weekday', 'chaises', "Il nous faut 10 chaises d'ici jeudi.", '2026-03-12'],
  ['es weekday', 'portátiles', 'Necesitamos 4 portátiles para el lunes.', '2026-03-16'],
  ['it weekday', 'sedie', 'Ci servono 6 sedie entro giovedì.', '2026-03-12'],
  ['nl weekday', 'schermen', 'We hebben 3 schermen nodig voor dinsdag.', '2026-03-17'],
  ['pt weekday', 'cadeiras', 'Precisamos de 5 cadeiras até sexta-feira.', '2026-03-13'],
];

const relative: Case[] = [
  ['en working days', 'mice', 'Need 12 wireless mice within 10 working days.', '2026-03-25'],
  ['en day after tomorrow', 'badges', '50 visitor badges for the day after tomorrow please.', '2026-03-13'],
  ['de weeks in words', 'Headsets', 'Bitte 8 Headsets bestellen, wir brauchen sie in drei Wochen.', '2026-04-01'],
  ['de day after tomorrow', 'Toner', 'Bitte 4 Toner bis übermorgen besorgen.', '2026-03-13'],
  ['fr days', 'papier', 'Merci de commander 30 ramettes de papier, livraison sous 15 jours.', '2026-03-26'],
  ['fr day after tomorrow', 'badges', 'Il faudrait 40 badges pour après-demain.', '2026-03-13'],
  ['es weeks', 'sillas', 'Necesitamos 10 sillas en dos semanas.', '2026-03-25'],
  ['es day after tomorrow', 'tóner', 'Por favor pedid 3 tóner para pasado mañana.', '2026-03-13'],
  ['it days', 'monitor', 'Abbiamo bisogno di 2 monitor entro 10 giorni.', '2026-03-21'],
  ['it day after tomorrow', 'toner', 'Servono 3 toner per dopodomani.', '2026-03-13'],
  ['nl working days', 'lampen', 'Graag 6 bureaulampen binnen 5 werkdagen.', '2026-03-18'],
  ['pt weeks', 'portáteis', 'Precisamos de 2 portáteis daqui a duas semanas.', '2026-03-25'],
];

const periods: Case[] = [
  ['en end of the month', 'paper', '10 boxes of paper by the end of the month please.', '2026-03-31'],
  ['en end of next month', 'licences', 'We need 5 more CAD licences by the end of next month.', '2026-04-30'],
  ['en end of a named month', 'laptops', 'Four laptops for the interns, by end of April.', '2026-04-30'],
  ['en end of the week', 'toner', '3 toner cartridges, by the end of the week if possible.', '2026-03-13'],
  ['en end of next week', 'mugs', '40 mugs with our logo by end of next week.', '2026-03-20'],
  ['en end of the year', 'phones', 'Replace 6 desk phones before the end of the year.', '2026-12-31'],
  ['de end of the month', 'Ordner', 'Bitte 20 Ordner bis Monatsende.', '2026-03-31'],
  ['de end of a named month', 'Drucker', 'Wir benötigen 2 Drucker bis Ende April.', '2026-04-30'],
  ['de end of next week', 'Kabel', 'Bitte 30 Kabel bis Ende nächster Woche.', '2026-03-20'],
  ['de end of the year', 'Lizenzen', 'Wir brauchen 10 Lizenzen bis Jahresende.', '2026-12-31'],
  ['fr end of the month', 'classeurs', "Merci de commander 15 classeurs d'ici la fin du mois.", '2026-03-31'],
  ['fr end of a named month', 'écrans', 'Il nous faut 3 écrans pour fin avril.', '2026-04-30'],
  ['fr end of the week', 'stylos', "100 stylos d'ici la fin de la semaine, merci.", '2026-03-13'],
  ['es end of the month', 'cuadernos', 'Necesitamos 25 cuadernos antes de fin de mes.', '2026-03-31'],
  ['es end of a named month', 'mesas', 'Queremos 4 mesas para finales de abril.', '2026-04-30'],
  ['it end of the month', 'cartelline', 'Ci servono 30 cartelline entro la fine del mese.', '2026-03-31'],
  ['it end of a named month', 'sedie', 'Vorremmo 8 sedie entro fine aprile.', '2026-04-30'],
  ['nl end of the month', 'mappen', 'Graag 20 mappen voor het einde van de maand.', '2026-03-31'],
  ['nl end of a named month', 'laptops', 'We hebben 2 laptops nodig eind april.', '2026-04-30'],
  ['pt end of the month', 'canetas', 'Precisamos de 50 canetas até ao final do mês.', '2026-03-31'],
];

const languages: Case[] = [
  ['en ordinal day without month', 'keyboards', 'Please get 5 keyboards, no later than the 20th.', '2026-03-20'],
  ['en day-first numeric', 'screens', 'Two screens by 02/04/2026, budget 600 EUR.', '2026-04-02'],
  ['en month-first', 'bags', 'Ten laptop bags by April 2nd.', '2026-04-02'],
  ['de delivery date label', 'Beamer', 'Bitte einen Beamer bestellen. Liefertermin: 2. April', '2026-04-02'],
  ['de numeric without year', 'Toner', 'Bitte 6 Toner bis zum 20.3. besorgen.', '2026-03-20'],
  ['fr at the latest', 'écrans', 'Il nous faut 4 écrans au plus tard le 2 avril.', '2026-04-02'],
  ['es before', 'sillas', 'Necesitamos 6 sillas antes del 2 de abril.', '2026-04-02'],
  ['it within', 'monitor', 'Ci servono 3 monitor entro il 2 aprile.', '2026-04-02'],
  ['nl at the latest', 'stoelen', 'Graag 6 stoelen, uiterlijk 2 april.', '2026-04-02'],
  ['pt until', 'mesas', 'Precisamos de 2 mesas até 2 de abril.', '2026-04-02'],
  ['a date in the next year', 'calendars', '30 wall calendars, needed by 8 January.', '2027-01-08', '2026-12-20T08:00:00Z'],
];

const subjects: Case[] = [
  ['en date in the subject', 'Laptops needed by 24 March', 'Please order 2 laptops for the new hires. Budget 2,400 EUR.', '2026-03-24'],
  ['de weekday in the subject', 'Ordner bis Freitag', 'Bitte 10 Ordner bestellen. Danke!', '2026-03-13'],
  [
    'the body deadline wins over an event in the subject',
    'Fair on 14 April',
    'We need 200 brochures for the fair; please have them delivered by 7 April.',
    '2026-04-07',
  ],
];

const severalDates: Case[] = [
  [
    'past deliveries, then the deadline',
    'more cables',
    'We ordered 5 of these on 2 March and they arrived on 5 March. Please order 5 more by 20 March.',
    '2026-03-20',
  ],
  ['an absence, then the deadline', 'headsets', 'I am out of office until 16 March. Please order 2 headsets, needed by 25 March.', '2026-03-25'],
  ['an event and a delivery deadline', 'brochures', 'For the trade fair on 14 April we need 200 brochures; they must be delivered by 7 April.', '2026-04-07'],
  ['an invoice date, then a weekday', 'toner', 'Same as our last order (invoice dated 3 February): 10 toner cartridges by Friday please.', '2026-03-13'],
  ['an event range', 'laptops', 'The training runs 23-25 March and we need 12 laptops for it.', '2026-03-23'],
  ['a start date after the date', 'laptops', 'The new starters begin on 6 April, so we need 3 laptops.', '2026-04-06'],
  ['de event', 'Headsets', 'Die Schulung findet am 24. März statt, bitte vorher 12 Headsets bestellen.', '2026-03-24'],
  ['fr event', 'badges', 'Pour le salon du 14 avril, il nous faut 300 badges.', '2026-04-14'],
  ['es expiry', 'licencia', 'Nuestra licencia caduca el 30 de marzo, por favor comprad la renovación.', '2026-03-30'],
];

const noDate: Case[] = [
  ['no date, no rush', 'chairs', 'Please order 4 chairs, no rush.', null],
  ['only an absence', 'chairs', 'Please order 4 chairs. I am on holiday from 20 March to 27 March.', null],
  ['a greeting is not tomorrow', 'Stühle', 'Guten Morgen, bitte 3 Stühle für den Empfang bestellen.', null],
  ['a morning is not tomorrow', 'sillas', 'Llamé por la mañana: necesitamos 3 sillas.', null],
  ['a time of day is not a date', 'monitors', 'Please order 3 monitors. Call me at 10:30 if anything is unclear.', null],
  ['a past day without a year is not next year', 'cables', 'On 2 March you sent us the wrong cables; please order 10 correct ones.', null],
  ['a duration of use is not a date', 'room', 'Please book the big meeting room for 2 days, 12 people.', null],
  ['the middle of a month is approximate: the flow asks', 'chairs', 'Eight chairs for the canteen by mid-April.', null],
  ['de the middle of a month is approximate', 'Tische', 'Bitte 4 Tische bis Mitte April bestellen.', null],
  ['lengths are not dates', 'cables', '20 x patch cables 3m and 10 x 5m please.', null],
  ['a bare month is not a day', 'licences', 'We need 10 more licences starting next month.', null],
];

describe('neededBy generalises over phrasings', () => {
  it.each([...weekdays, ...relative, ...periods, ...languages, ...subjects, ...severalDates, ...noDate])('%s', (...c) => {
    expect(neededBy(c)).toBe(c[3]);
  });
});

// A second set, written after the rules above and run once before any change (24 of 25 right; the
// miss, "within a fortnight", is now read), against a Thursday (2026-10-15).
const THURSDAY = '2026-10-15T08:00:00Z';
const secondSet: [subject: string, text: string, neededBy: string | null][] = [
  ['Monitor arms', 'Hi, can you order 6 monitor arms? We need them in place before Monday morning. Thanks', '2026-10-19'],
  ['Chairs', 'Hello,\nplease purchase 12 stacking chairs for the event hall.\nDeadline: 30 October.\nBest, Tim', '2026-10-30'],
  ['Beamer', 'Guten Tag,\nwir benötigen einen Beamer für den Konferenzraum, spätestens am 2. November.\nGrüße', '2026-11-02'],
  ['Papier', 'Bitte 10 Kartons Kopierpapier bis Ende der Woche.', '2026-10-16'],
  ['Cartes', 'Bonjour, il nous faudrait 500 cartes de visite pour le 6 novembre au plus tard.', '2026-11-06'],
  ['Tables', 'Hola, ¿podéis pedir 3 mesas plegables? Las necesitamos para el 22 de octubre.', '2026-10-22'],
  ['Laptop', 'New hire starts 2 November, needs a laptop (ThinkPad T14).', '2026-11-02'],
  ['Toner', 'Toner for printer 3 please, we are down to the last one. Tomorrow would be ideal.', '2026-10-16'],
  ['Headsets', 'We need 8 headsets within a fortnight.', '2026-10-29'],
  ['Banners', 'Two roll-up banners for the trade show, which opens on 9 November. Please deliver by 5 November.', '2026-11-05'],
  ['Sedie', 'Buongiorno, ci servono 10 sedie per la riunione del 28 ottobre.', '2026-10-28'],
  ['Schermen', 'Hoi, kunnen jullie 4 schermen bestellen? We hebben ze volgende week vrijdag nodig.', '2026-10-23'],
  ['Licenças', 'Olá, precisamos de 5 licenças até ao fim do mês.', '2026-10-31'],
  ['Re: chairs', 'Yes please go ahead with the 4 chairs. Our office moved on 1 October so deliver to the new address.', null],
  ['Desk', 'Please order a standing desk for me. I was on leave until 12 October and just saw the approval.', null],
  ['Cables', 'Please order 10 USB-C cables, by 20.10.', '2026-10-20'],
  ['Keyboards', 'Could we get 3 keyboards by October 27th?', '2026-10-27'],
  ['Urgent: mouse', 'Need a mouse today, mine broke.', '2026-10-15'],
  ['Kalender', 'Wir brauchen 50 Wandkalender bis Anfang Dezember.', null],
  ['Calendars', 'Order 50 wall calendars before year end please.', '2026-12-31'],
  ['Snacks', 'Snacks for the offsite on Wednesday the 21st please, for 30 people.', '2026-10-21'],
  ['Bureaus', 'Graag 2 bureaus, uiterlijk eind oktober.', '2026-10-31'],
  ['Gift cards', 'We need 20 gift cards by next Wednesday.', '2026-10-21'],
  ['Monitors', 'We ordered 5 monitors on 1 October which arrived broken. Please order 5 replacements.', null],
  ['Projector', 'Projector for the board meeting on the 29th.', '2026-10-29'],
];

describe('neededBy on a second set of phrasings', () => {
  it.each(secondSet)('%s: %s', (subject, text, want) => {
    expect(extractByRules({ subject, text, from: { address: 'a@acme.example' }, receivedAt: THURSDAY }).neededBy).toBe(want);
  });
});
