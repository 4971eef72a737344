import { enableAutoUnmount } from '@vue/test-utils';
import type { ChatController } from '../../../chat/controller';
import {
  mountInChat, t, until, type RecordedRequest, type ScriptedBackend
} from '../../../__tests__/support/chat';
import {
  BackendSession, closeChat, forLatestTurn, openChat, together
} from '../../../__tests__/support/panel';
import StatusBanners from '../StatusBanners.vue';
import FeedbackControl from '../FeedbackControl.vue';

enableAutoUnmount(afterEach);

const ROUTE = 'PUT /api/sessions/s1/turns/t1/feedback';

let backend: ScriptedBackend;
let chat: ChatController;
let session: BackendSession;

beforeEach(async() => {
  ({ backend, chat, session } = await openChat());
  session.answered('t1', 'why is checkout failing?', 'Two pods fail.');
  // As the backend does: the rating is stored, and every socket of the session hears of it.
  backend.answer(ROUTE, (request: RecordedRequest) => {
    const { rating, comment } = request.body as { rating: 'up' | 'down'; comment?: string };

    session.feedback('t1', rating, comment);

    return { status: 204 };
  });
  await until(() => chat.conversation.value.turns[0]?.status === 'answered', 'the answer');
});
afterEach(() => closeChat(backend, chat));

function mountFeedback() {
  return mountInChat(together(StatusBanners, forLatestTurn(FeedbackControl)), chat, { attachTo: document.body });
}

type Wrapper = ReturnType<typeof mountFeedback>;
const up = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-feedback-up"]');
const down = (wrapper: Wrapper) => wrapper.find('[data-testid="drover-feedback-down"]');
const comment = (wrapper: Wrapper) => wrapper.find<HTMLInputElement>('[data-testid="drover-feedback-comment"]');
const feedbackRequests = () => backend.requests.filter((r) => r.method === 'PUT');

describe('FeedbackControl', () => {
  it('offers thumbs up and down, neither pressed before the user rates', () => {
    const wrapper = mountFeedback();

    expect(up(wrapper).attributes()).toMatchObject({ 'aria-label': t('drover.feedback.helpful'), 'aria-pressed': 'false' });
    expect(down(wrapper).attributes()).toMatchObject({ 'aria-label': t('drover.feedback.notHelpful'), 'aria-pressed': 'false' });
    expect(comment(wrapper).exists()).toBe(false);
  });

  it('stores a thumbs up, shows it pressed once the backend confirms, and offers a comment', async() => {
    const wrapper = mountFeedback();

    await up(wrapper).trigger('click');
    await until(() => feedbackRequests().length === 1, 'the rating');
    expect(feedbackRequests()[0]).toEqual({
      method: 'PUT', url: '/api/sessions/s1/turns/t1/feedback', body: { rating: 'up' }
    });
    await until(() => up(wrapper).attributes('aria-pressed') === 'true', 'the thumb to show as pressed');
    expect(down(wrapper).attributes('aria-pressed')).toBe('false');
    await until(() => comment(wrapper).exists(), 'the comment field');
    expect(comment(wrapper).attributes('placeholder')).toBe(t('drover.feedback.comment'));
  });

  it('sends the comment with the rating, then thanks the user', async() => {
    const wrapper = mountFeedback();

    await down(wrapper).trigger('click');
    await until(() => comment(wrapper).exists(), 'the comment field');
    await comment(wrapper).setValue('  it looked at the wrong pod ');
    await wrapper.find('[data-testid="drover-feedback-send"]').trigger('click');

    await until(() => feedbackRequests().length === 2, 'the comment');
    expect(feedbackRequests()[1].body).toEqual({ rating: 'down', comment: 'it looked at the wrong pod' });
    await until(() => wrapper.text().includes(t('drover.feedback.thanks')), 'the thanks');
    expect(comment(wrapper).exists()).toBe(false);
    expect(down(wrapper).attributes('aria-pressed')).toBe('true');
  });

  it('shows a rating made elsewhere (another tab, or the history) as pressed', async() => {
    const wrapper = mountFeedback();

    session.feedback('t1', 'down', 'too slow');
    await until(() => down(wrapper).attributes('aria-pressed') === 'true', 'the rating');
    expect(up(wrapper).attributes('aria-pressed')).toBe('false');
    expect(comment(wrapper).exists()).toBe(false);
  });

  it('changes its mind: thumbs down after thumbs up', async() => {
    const wrapper = mountFeedback();

    await up(wrapper).trigger('click');
    await until(() => up(wrapper).attributes('aria-pressed') === 'true', 'thumbs up');
    await down(wrapper).trigger('click');
    await until(() => down(wrapper).attributes('aria-pressed') === 'true', 'thumbs down');
    expect(up(wrapper).attributes('aria-pressed')).toBe('false');
    expect(feedbackRequests().map((r) => r.body)).toEqual([{ rating: 'up' }, { rating: 'down' }]);
  });

  it('shows the backend\'s message when the comment cannot be stored, keeps it, and does not say thanks', async() => {
    const wrapper = mountFeedback();

    await up(wrapper).trigger('click');
    await until(() => comment(wrapper).exists(), 'the comment field');
    backend.answer(ROUTE, {
      status: 503,
      json:   {
        error: {
          code: 'internal', message: 'the session store is read-only', retryable: true
        }
      }
    });
    await comment(wrapper).setValue('spot on');
    await wrapper.find('[data-testid="drover-feedback-send"]').trigger('click');

    await until(() => wrapper.find('[data-testid="drover-banner-problem"]').exists(), 'the problem');
    expect(wrapper.find('[data-testid="drover-banner-problem"]').text()).toBe('the session store is read-only');
    expect(wrapper.text()).not.toContain(t('drover.feedback.thanks'));
    expect(comment(wrapper).element.value).toBe('spot on');
  });

  it('shows the backend\'s message when the rating cannot be stored, and does not ask for a comment', async() => {
    session.feedback('t1', 'down');
    backend.answer(ROUTE, {
      status: 404,
      json:   {
        error: {
          code: 'not_found', message: 'no turn t1 in session s1', retryable: false
        }
      }
    });
    const wrapper = mountFeedback();

    await until(() => down(wrapper).attributes('aria-pressed') === 'true', 'the earlier rating');
    await up(wrapper).trigger('click');
    await until(() => wrapper.find('[data-testid="drover-banner-problem"]').exists(), 'the problem');
    expect(wrapper.find('[data-testid="drover-banner-problem"]').text()).toBe('no turn t1 in session s1');
    expect(comment(wrapper).exists()).toBe(false);
    expect(up(wrapper).attributes('aria-pressed')).toBe('false');
  });
});
