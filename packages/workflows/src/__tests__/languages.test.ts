import type { EmailMessageInput } from '@org/orchestrator-contracts';
import { completeThread, decideApproval, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { parseRawEmail } from '@org/orchestrator-email';
import type { Support } from './flow-fixtures';
import { REQUESTER, TRUSTED_REQUESTERS, authenticatedAs, deliver, email, mailTo, sentTo, waitForState } from './flow-fixtures';
import { flowSuite } from './flow-suite';

// Mail to customers and requesters is written in the language the agents detected (the offline
// `rules` provider here), asserted on the mails the outbox really wrote, decoded like a mail client.
const { env, newThread, withWorker } = flowSuite();

const SUPPORT = { address: 'support@shop.test', name: 'Shop Support' };

/** The decoded text of each mail (quoted-printable or base64 bodies become the words a reader sees). */
async function bodies(mails: string[]): Promise<string[]> {
  return Promise.all(mails.map(async (m) => (await parseRawEmail(m)).text ?? ''));
}

interface Case {
  language: 'de' | 'fr' | 'es';
  customer: { address: string; name: string };
  orderQuestion: { subject: string; text: string };
  registeredAddress: string;
  closing: string;
  incompleteRequest: { subject: string; text: string };
  askForDetails: string;
  reminder: string;
  abandoned: string;
  purchasingSignature: string;
  newsletter: { subject: string; text: string };
  holding: string;
}

const CASES: Case[] = [
  {
    language: 'de',
    customer: { address: 'jonas.weber@mail.example', name: 'Jonas Weber' },
    orderQuestion: {
      subject: 'Wo ist meine Bestellung A10482?',
      text: 'Hallo,\n\nich habe letzte Woche einen Wasserkocher bestellt (Bestellung A10482) und er ist noch nicht angekommen. Wo ist er?\n\nViele Grüße\nJonas',
    },
    registeredAddress: 'Bitte schreiben Sie uns noch einmal von Ihrer registrierten E-Mail-Adresse',
    closing: 'Da wir nichts mehr von Ihnen gehört haben, schließen wir diese Anfrage.',
    incompleteRequest: {
      subject: 'Bestellanforderung: Laptops',
      text: 'Hallo Einkauf,\n\nwir brauchen neue Laptops für das Team. Budget 8000 EUR. Bitte an das Büro in Berlin liefern.\n\nDanke, Alice',
    },
    askForDetails: 'Wie viele Stück brauchen Sie von jedem Artikel?',
    reminder: 'Eine Erinnerung: Wir brauchen noch einige Angaben',
    abandoned: 'daher haben wir diese Bestellanforderung geschlossen',
    purchasingSignature: 'Ihr Einkaufsteam',
    newsletter: {
      subject: 'Unser neuer Newsletter',
      text: 'Hallo zusammen,\n\nhier ist unser Newsletter für November mit den neuesten Nachrichten aus dem Verein. Viel Spaß beim Lesen!\n\nAbmelden: hier klicken',
    },
    holding: 'Vielen Dank für Ihre Nachricht. Sie ist bei uns angekommen',
  },
  {
    language: 'fr',
    customer: { address: 'camille.martin@mail.example', name: 'Camille Martin' },
    orderQuestion: { subject: 'Suivi de ma commande A10482', text: 'Bonjour,\n\noù en est ma commande A10482 ? Quand sera-t-elle livrée ?\n\nMerci,\nCamille' },
    registeredAddress: 'Merci de nous écrire à nouveau depuis votre adresse e-mail enregistrée',
    closing: 'Sans nouvelles de votre part, nous clôturons cette conversation.',
    incompleteRequest: {
      subject: "Demande d'achat : ordinateurs portables",
      text: "Bonjour,\n\nnous avons besoin de nouveaux ordinateurs portables pour l'équipe. Budget 8000 EUR. Livraison au bureau de Berlin.\n\nMerci, Alice",
    },
    askForDetails: 'Que devons-nous acheter exactement (article et modèle ou spécification) ?',
    reminder: 'Petit rappel : il nous manque encore quelques informations',
    abandoned: "nous avons donc clôturé cette demande d'achat",
    purchasingSignature: "L'équipe des achats",
    newsletter: {
      subject: "Notre lettre d'information",
      text: "Bonjour à tous,\n\nvoici notre lettre d'information de novembre avec les dernières nouvelles de l'association. Bonne lecture !\n\nSe désabonner : cliquez ici",
    },
    holding: 'Merci pour votre message. Il nous est bien parvenu',
  },
  {
    language: 'es',
    customer: { address: 'lucia.garcia@mail.example', name: 'Lucía García' },
    orderQuestion: {
      subject: '¿Dónde está mi pedido A10482?',
      text: 'Hola:\n\nLa semana pasada pedí un hervidor (pedido A10482) y todavía no ha llegado. ¿Dónde está?\n\nSaludos,\nLucía',
    },
    registeredAddress: 'Escríbanos de nuevo desde su dirección de correo registrada',
    closing: 'Como no hemos vuelto a saber de usted, cerramos esta conversación.',
    incompleteRequest: {
      subject: 'Solicitud de compra: portátiles',
      text: 'Hola:\n\nnecesitamos portátiles nuevos para el equipo. Presupuesto 8000 EUR. Entrega en la oficina de Berlín.\n\nGracias, Alice',
    },
    askForDetails: '¿Qué debemos comprar exactamente (artículo y modelo o especificación)?',
    reminder: 'Un recordatorio: todavía necesitamos algunos datos',
    abandoned: 'así que hemos cerrado esta solicitud de compra',
    purchasingSignature: 'El equipo de Compras',
    newsletter: {
      subject: 'Nuestro boletín',
      text: 'Hola a todos:\n\naquí está nuestro boletín de noviembre con las últimas noticias de la asociación. ¡Feliz lectura!\n\nDarse de baja: haga clic aquí',
    },
    holding: 'Gracias por su mensaje. Lo hemos recibido',
  },
];

/** Words of the English texts that must not appear in a localised mail. */
const ENGLISH = /Hello|Thank you|Please|Purchasing team|Customer Support team|reminder/;

describe.each(CASES)('mail in the customer’s language: $language (time-skipping)', (c) => {
  it('support: the request to write from the registered address, then the closing mail after silence', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread(`support-${c.language}`);
      // Unauthenticated: an order question gets no facts, only the (localised) standard answer.
      const question: EmailMessageInput = {
        messageId: threadId,
        threadId,
        from: c.customer,
        to: [SUPPORT],
        ...c.orderQuestion,
        receivedAt: new Date().toISOString(),
      };
      await deliver(env, h.taskQueue, question);
      const { flowState } = await waitForState<Support & { routing: { language: string } }>(env, threadId, (s) => s.step === 'awaiting-customer');
      expect(flowState.routing.language).toBe(c.language);
      expect(flowState.turns[0]).toMatchObject({ answeredBy: 'auto', refusals: ['unauthenticated sender: no order, account or refund facts'] });
      const [answer] = await bodies(await mailTo(h.sent, c.customer.address));
      expect(answer).toContain(c.registeredAddress);
      expect(answer.startsWith(`${{ de: 'Hallo', fr: 'Bonjour', es: 'Hola' }[c.language]} ${c.customer.name}`)).toBe(true);

      expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('support conversation closed after silence'); // three quiet days
      const mails = await bodies(sentTo(h.sent(), c.customer.address));
      expect(mails).toHaveLength(2);
      expect(mails[1]).toContain(c.closing);
      expect(mails.some((m) => ENGLISH.test(m))).toBe(false);
    });
  }, 120_000);

  it('procurement: the questions for missing details, the reminder and the closing of the request', async () => {
    await withWorker(TRUSTED_REQUESTERS, async (h) => {
      const threadId = newThread(`procurement-${c.language}`);
      await deliver(env, h.taskQueue, email(threadId, c.incompleteRequest));
      expect((await waitForThreadSummary(env.client, threadId)).reason).toBe('procurement information-missing'); // skips three days
      const toRequester = sentTo(h.sent(), REQUESTER.address);
      expect(toRequester).toHaveLength(3);
      const [ask, reminder, abandoned] = await bodies(toRequester);
      expect(ask).toContain(c.askForDetails);
      expect(reminder).toContain(c.reminder);
      expect(reminder).toContain(c.askForDetails);
      expect(abandoned).toContain(c.abandoned);
      expect([ask, reminder, abandoned].every((m) => m.trimEnd().endsWith(c.purchasingSignature) && !ENGLISH.test(m))).toBe(true);
    });
  }, 120_000);

  it('unknown: the holding reply', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread(`unknown-${c.language}`);
      const from = { address: 'verein@club.example' };
      await deliver(env, h.taskQueue, {
        messageId: threadId,
        threadId,
        from,
        to: [SUPPORT],
        ...c.newsletter,
        receivedAt: new Date().toISOString(),
        authentication: authenticatedAs(from.address),
      });
      const [holding] = await bodies(await mailTo(h.sent, from.address));
      expect(holding).toContain(c.holding);
      expect(ENGLISH.test(holding)).toBe(false);
      await completeThread(env.client, threadId, { reason: 'test over' });
      expect((await waitForThreadSummary(env.client, threadId)).handled[0]?.outcome).toMatchObject({ flow: 'unknown', action: 'holding-reply' });
    });
  }, 60_000);
});

describe('support refund in German (time-skipping)', () => {
  it('adds the approval news in the customer’s language; the approver’s notice stays English', async () => {
    await withWorker({}, async (h) => {
      const threadId = newThread('refund-de');
      const tom = { address: 'tom.oneill@customer.example', name: "Tom O'Neill" };
      const text =
        'Hallo,\n\nich möchte den Stehschreibtisch aus Bestellung 10442 zurückgeben und mein Geld erstattet bekommen, er passt nicht in mein Büro.\n\nTom';
      await deliver(env, h.taskQueue, {
        messageId: threadId,
        threadId,
        from: tom,
        to: [SUPPORT],
        subject: 'Rückgabe meines Stehschreibtischs',
        text,
        receivedAt: new Date().toISOString(),
        authentication: authenticatedAs(tom.address),
      });
      await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-approval');
      const [notice] = await mailTo(h.sent, 'supervisor@orchestrator.local');
      expect(notice).toContain('[Refund approval needed]');
      expect((await bodies([notice]))[0]).toContain('asks for a refund of EUR 549.00');
      await decideApproval(env.client, threadId, 'approveRefund', { approver: 'supervisor@orchestrator.local' });
      await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-customer');
      const [answer] = await bodies(await mailTo(h.sent, tom.address));
      expect(answer).toContain('Gute Nachricht: Ihre Erstattung über EUR 549.00 wurde genehmigt');
      expect(answer).not.toMatch(/Good news|Hello/);
    });
  }, 60_000);
});
