import { inboxThreadPath, inboxThreadUrl } from './inbox-urls';

describe(inboxThreadUrl, () => {
  it('encodes the thread id into one path segment, under a base URL with or without a path', () => {
    expect(inboxThreadPath('<a/b?c#d@example.com>')).toBe('/threads/%3Ca%2Fb%3Fc%23d%40example.com%3E');
    expect(inboxThreadUrl('https://inbox.example.com/', '<t@x>')).toBe('https://inbox.example.com/threads/%3Ct%40x%3E');
    expect(inboxThreadUrl('https://example.com/inbox', '<t@x>')).toBe('https://example.com/inbox/threads/%3Ct%40x%3E');
  });
});
