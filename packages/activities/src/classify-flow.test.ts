import { classifyFlow } from './classify-flow';

describe(classifyFlow, () => {
  it.each([
    ['procurement', 'Purchase request: 10 laptops', 'We need 10 laptops for the new hires, budget 15000 EUR.'],
    ['procurement', 'RFQ for office chairs', 'Please send a quotation for 25 chairs delivered to Berlin.'],
    ['support', 'Where is my order?', 'My order #A12345 has not arrived, can you give me the tracking number?'],
    ['support', 'Refund', 'The kettle arrived broken and I would like a refund.'],
    ['unknown', 'Lunch on Friday?', 'Shall we meet at noon?'],
  ])('routes to %s: %j', (flow, subject, text) => {
    expect(classifyFlow({ subject, text }).flow).toBe(flow);
  });

  it('explains its decision and scales confidence', () => {
    const result = classifyFlow({ subject: 'Purchase request', text: 'Please order 5 monitors from our usual supplier.' });
    expect(result.flow).toBe('procurement');
    expect(result.confidence).toBe(1);
    expect(result.reason).toContain('"purchase request"');
  });
});
