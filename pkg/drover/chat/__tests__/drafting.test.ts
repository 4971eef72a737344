import { MAX_ATTACHMENTS, MAX_ATTACHMENT_CHARS, MAX_CONTEXT_RESOURCES } from '@drover/protocol';
import { buildContext, emptyDraft, withAttachment, withResources } from '../context';
import { PromptHistory } from '../prompt-history';
import { starterPrompts } from '../starters';
import { memoryStorage, t } from '../../__tests__/support/chat';

describe('the context a question carries', () => {
  const scope = { cluster: 'c-m-abc', namespaces: ['shop'] };

  it('takes the page\'s cluster and its one namespace, and the chips', () => {
    const draft = withAttachment(withResources(emptyDraft(), [{
      kind: 'Pod', name: 'web-1', namespace: 'shop'
    }]), {
      kind: 'logs', title: 'two lines', text: 'a\nb'
    });

    expect(buildContext(scope, draft)).toEqual({
      cluster:   'c-m-abc',
      namespace: 'shop',
      resources: [{
        kind: 'Pod', name: 'web-1', namespace: 'shop'
      }],
      attachments: [{
        kind: 'logs', title: 'two lines', text: 'a\nb'
      }],
    });
  });

  it('names no namespace when the filter selects several or none, or the user removed the chip', () => {
    expect(buildContext({ namespaces: ['a', 'b'] }, emptyDraft())).toEqual({});
    expect(buildContext(scope, { ...emptyDraft(), namespace: null })).toEqual({ cluster: 'c-m-abc' });
    expect(buildContext(scope, { ...emptyDraft(), namespace: 'other' })).toMatchObject({ namespace: 'other' });
  });

  it('adds an object once, keeping at most the protocol\'s number (the newest)', () => {
    let draft = emptyDraft();

    for (let i = 0; i < MAX_CONTEXT_RESOURCES + 2; i++) draft = withResources(draft, [{ kind: 'Pod', name: `p${ i }` }]);
    draft = withResources(draft, [{ kind: 'Pod', name: `p${ MAX_CONTEXT_RESOURCES + 1 }` }]);
    expect(draft.resources).toHaveLength(MAX_CONTEXT_RESOURCES);
    expect(draft.resources.at(-1)?.name).toBe(`p${ MAX_CONTEXT_RESOURCES + 1 }`);
    expect(draft.resources[0].name).toBe('p2');
  });

  it('keeps the newest lines of an attachment that is too long, and at most the protocol\'s number of attachments', () => {
    const long = `${ 'old\n'.repeat(MAX_ATTACHMENT_CHARS) }newest line`;
    const draft = withAttachment(emptyDraft(), {
      kind: 'logs', title: 'many lines', text: long
    });

    expect(draft.attachments[0].text).toHaveLength(MAX_ATTACHMENT_CHARS);
    expect(draft.attachments[0].text.endsWith('newest line')).toBe(true);
    let many = emptyDraft();

    for (let i = 0; i < MAX_ATTACHMENTS + 1; i++) {
      many = withAttachment(many, {
        kind: 'text', title: `a${ i }`, text: 'x'
      });
    }
    expect(many.attachments.map((a) => a.title)).toEqual(['a1', 'a2', 'a3', 'a4']);
  });
});

describe('prompt recall with Up and Down', () => {
  it('goes back through earlier prompts, newest first, and forward to what was being written', () => {
    const history = new PromptHistory(memoryStorage());

    history.remember('first');
    history.remember('second');
    expect(history.older('draft')).toBe('second');
    expect(history.older('second')).toBe('first');
    expect(history.older('first')).toBeUndefined();
    expect(history.newer()).toBe('second');
    expect(history.newer()).toBe('draft');
    expect(history.newer()).toBeUndefined();
  });

  it('keeps prompts in the browser across pages, without repeats in a row and without blanks', () => {
    const storage = memoryStorage();
    const first = new PromptHistory(storage);

    first.remember('scale web to 5');
    first.remember('scale web to 5');
    first.remember('   ');
    const later = new PromptHistory(storage);

    expect(later.older('')).toBe('scale web to 5');
    expect(later.older('')).toBeUndefined();
  });

  it('survives storage that holds garbage or refuses writes', () => {
    const broken = {
      getItem: () => '{not json',
      setItem: () => {
        throw new Error('quota');
      }
    };
    const history = new PromptHistory(broken);

    history.remember('still works');
    expect(history.older('')).toBe('still works');
  });
});

describe('starter prompts', () => {
  it('are about the object the user is looking at', () => {
    expect(starterPrompts(t, {
      resource: {
        kind: 'Deployment', name: 'checkout', namespace: 'shop'
      }
    })).toEqual([
      'Why is Deployment checkout not healthy?', 'Show the recent logs of Deployment checkout', 'Show the events of Deployment checkout', 'Describe Deployment checkout',
    ]);
  });

  it('offer no logs for a kind without pods', () => {
    expect(starterPrompts(t, { resource: { kind: 'ConfigMap', name: 'cfg' } }).join('\n')).not.toContain('logs');
  });

  it('are about the namespace, with the /diagnose command for it', () => {
    expect(starterPrompts(t, { namespace: 'shop' })).toEqual([
      'What is wrong in namespace shop?', 'List the pods in shop', 'Show the warning events in shop', '/diagnose -n shop',
    ]);
  });

  it('are about the whole cluster otherwise', () => {
    expect(starterPrompts(t, {})).toContain('/diagnose');
    expect(starterPrompts(t, {})[0]).toBe('Which workloads are unhealthy in this cluster?');
  });
});
