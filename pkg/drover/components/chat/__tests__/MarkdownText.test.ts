import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import { mountInChat, testController, until, type ScriptedBackend } from '../../../__tests__/support/chat';
import { BackendSession, closeChat, connectedChat, healthyBackend } from '../../../__tests__/support/panel';
import { renderMarkdown } from '../../../utils/markdown';
import MarkdownText from '../MarkdownText.vue';
import ChatTranscript from '../ChatTranscript.vue';

enableAutoUnmount(afterEach);

/** The HTML as a document fragment, to ask what elements it has. */
function parse(html: string): HTMLElement {
  const div = document.createElement('div');

  div.innerHTML = html;

  return div;
}

describe('renderMarkdown', () => {
  it('renders lists, emphasis, inline code and code blocks', () => {
    const dom = parse(renderMarkdown('Two pods **fail**:\n\n- `checkout-1`\n- `cache-0`\n\n```\nkubectl get pods -n shop\n```'));

    expect(dom.querySelector('strong')?.textContent).toBe('fail');
    expect([...dom.querySelectorAll('li code')].map((c) => c.textContent)).toEqual(['checkout-1', 'cache-0']);
    expect(dom.querySelector('pre code')?.textContent).toBe('kubectl get pods -n shop\n');
  });

  it('opens links in a new tab without access to the page', () => {
    const dom = parse(renderMarkdown('See [the docs](https://kubernetes.io/docs/) and https://example.com/x'));
    const links = [...dom.querySelectorAll('a')];

    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target')])).toEqual([
      ['the docs', 'https://kubernetes.io/docs/', '_blank'], ['https://example.com/x', 'https://example.com/x', '_blank'],
    ]);
    for (const link of links) expect(link.getAttribute('rel')?.split(' ')).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
  });

  it('shows raw HTML in the model\'s text as text, never as markup', () => {
    const dom = parse(renderMarkdown('before <img src=x onerror=alert(1)> <script>alert(2)</script> after'));

    expect(dom.querySelector('img')).toBeNull();
    expect(dom.querySelector('script')).toBeNull();
    expect(dom.textContent).toBe('before <img src=x onerror=alert(1)> <script>alert(2)</script> after\n');
  });

  it('does not turn a javascript: URL into a link', () => {
    const dom = parse(renderMarkdown('[click](javascript:alert(1))'));

    expect(dom.querySelector('a')).toBeNull();
  });

  it('renders tables', () => {
    const dom = parse(renderMarkdown('| pod | status |\n| --- | --- |\n| web-1 | Running |'));

    expect([...dom.querySelectorAll('td')].map((c) => c.textContent)).toEqual(['web-1', 'Running']);
  });
});

describe('MarkdownText', () => {
  const mountText = (text: string) => mountInChat(MarkdownText, testController(), { props: { text } });

  it('shows the rendered answer, and re-renders it as it grows', async() => {
    const wrapper = mountText('Checking');

    expect(wrapper.html()).toContain('<p>Checking</p>');
    await wrapper.setProps({ text: 'Checking:\n\n- one\n- two' });
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual(['one', 'two']);
  });

  it('never renders the model\'s HTML', () => {
    const wrapper = mountText('<img src=x onerror=alert(1)>');

    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.text()).toBe('<img src=x onerror=alert(1)>');
  });

  describe('in a streamed answer', () => {
    let backend: ScriptedBackend;
    let chat: ChatController;

    beforeEach(async() => {
      backend = await healthyBackend();
    });
    afterEach(() => closeChat(backend, chat));

    it('shows each token as it arrives, and the markdown once it is complete', async() => {
      chat = await connectedChat(backend);
      const wrapper = mountInChat(ChatTranscript, chat);
      const session = new BackendSession(backend);

      session.open();
      session.start('t1', 'why is checkout failing?');
      const answer = () => wrapper.find('[data-testid="drover-markdown"]');
      const tokens = ['Two pods fail:\n\n', '- `checkout-1`', '\n- `cache-0`\n\n', 'See [the runbook](https://runbooks.example/shop)', ' <img src=x onerror=alert(1)>'];
      let sent = '';

      for (const token of tokens) {
        session.tokens('t1', token);
        sent += token;
        const expected = parse(renderMarkdown(sent)).textContent!;

        await until(() => answer().exists() && answer().text() === expected.trim(), `the answer to read "${ sent }"`);
      }
      expect(answer().findAll('li code').map((c) => c.text())).toEqual(['checkout-1', 'cache-0']);
      const link = answer().find('a');

      expect(link.attributes()).toMatchObject({ href: 'https://runbooks.example/shop', target: '_blank' });
      expect(link.attributes('rel')).toContain('noopener');
      expect(answer().find('img').exists()).toBe(false);
      expect(answer().text()).toContain('<img src=x onerror=alert(1)>');
    });
  });
});
