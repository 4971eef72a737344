import type { ObjectRef, YamlView as YamlViewType } from '@drover/protocol';
import YamlView from '../YamlView.vue';
import type { StepState } from '../../../chat/conversation';
import { mountInChat, testController, testHost } from '../../../__tests__/support/chat';

const deployment = require('../../../__tests__/fixtures/views/yaml-deployment.json');
const configMap = require('../../../__tests__/fixtures/views/json-configmap.json');

const stepOf = (fixture: { tool: string; arguments: Record<string, unknown> }): StepState => ({
  callId: 'c1', tool: fixture.tool, arguments: fixture.arguments, readOnly: true, status: 'done',
});

function mountView(view: YamlViewType, controller = testController(), step: StepState = stepOf(deployment)) {
  return mountInChat(YamlView, controller, { props: { view, step }, attachTo: document.body });
}

const lineTexts = (wrapper: ReturnType<typeof mountView>) => wrapper.findAll('[data-testid="drover-code-line"]').map((l) => l.find('.drover-code-line__code').element.textContent);

const blobText = (blob: Blob) => new Promise<string>((resolve) => {
  const reader = new FileReader();

  reader.onload = () => resolve(String(reader.result));
  reader.readAsText(blob);
});

describe('YamlView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the object it describes, its format and every line of the document, numbered', () => {
    const wrapper = mountView(deployment.view);
    const lines = deployment.view.text.trimEnd().split('\n');

    expect(wrapper.find('[data-testid="drover-yaml-title"]').text()).toContain('YAML');
    expect(wrapper.find('[data-testid="drover-yaml-title"]').text()).toContain('Deployment');
    expect(wrapper.find('[data-testid="drover-object-link"]').text()).toBe('web');
    expect(wrapper.text()).toContain(`${ lines.length } lines`);
    expect(lineTexts(wrapper)).toEqual(lines);
    expect(wrapper.findAll('.drover-code-line__number').map((n) => n.text()).slice(0, 3)).toEqual(['1', '2', '3']);
  });

  it('highlights keys, strings and numbers of YAML', () => {
    const wrapper = mountView(deployment.view);
    const replicas = wrapper.findAll('[data-testid="drover-code-line"]').find((l) => l.text().includes('replicas: 2'))!;

    expect(replicas.find('.drover-code-line__token--attr').text()).toBe('replicas:');
    expect(replicas.find('.drover-code-line__token--number').text()).toBe('2');
    const image = wrapper.findAll('[data-testid="drover-code-line"]').find((l) => l.text().includes('image: nginx'))!;

    expect(image.find('.drover-code-line__token--string').text()).toBe('nginx:1.27');
  });

  it('folds a block under its key and unfolds it again', async() => {
    const wrapper = mountView(deployment.view);
    const total = wrapper.findAll('[data-testid="drover-code-line"]').length;
    const metadata = wrapper.findAll('[data-testid="drover-code-line"]').find((l) => l.text().includes('metadata:'))!;
    const toggle = metadata.find('[data-testid="drover-code-fold"]');

    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(toggle.attributes('aria-label')).toBe('Fold metadata: (10 lines)');

    await toggle.trigger('click');
    expect(wrapper.findAll('[data-testid="drover-code-line"]')).toHaveLength(total - 10);
    expect(lineTexts(wrapper)).not.toContain('  name: web');
    const folded = wrapper.findAll('[data-testid="drover-code-line"]').find((l) => l.text().includes('metadata:'))!;

    expect(folded.find('[data-testid="drover-code-fold"]').attributes('aria-expanded')).toBe('false');
    expect(folded.find('[data-testid="drover-code-hidden"]').text()).toBe('⋯ 10 lines');

    await folded.find('[data-testid="drover-code-fold"]').trigger('click');
    expect(wrapper.findAll('[data-testid="drover-code-line"]')).toHaveLength(total);
  });

  it('unfolds a block from its "lines hidden" marker too', async() => {
    const wrapper = mountView(deployment.view);

    await wrapper.find('[data-testid="drover-code-fold"]').trigger('click');
    expect(lineTexts(wrapper)).not.toContain('  name: web');
    await wrapper.find('[data-testid="drover-code-hidden"]').trigger('click');
    expect(lineTexts(wrapper)).toContain('  name: web');
  });

  it('forgets what was folded when another document is shown', async() => {
    const wrapper = mountView(deployment.view);

    await wrapper.find('[data-testid="drover-code-fold-all"]').trigger('click');
    await wrapper.setProps({ view: { ...deployment.view, text: `${ deployment.view.text }extra:\n  key: value\n` } });
    expect(lineTexts(wrapper)).toContain('  name: web');
    expect(lineTexts(wrapper).slice(-2)).toEqual(['extra:', '  key: value']);
  });

  it('folds every block with "Fold all", leaving the top-level keys, and shows it all with "Unfold all"', async() => {
    const wrapper = mountView(deployment.view);

    expect(wrapper.find('[data-testid="drover-code-unfold-all"]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-testid="drover-code-fold-all"]').trigger('click');
    expect(lineTexts(wrapper)).toEqual(['kind: Deployment', 'apiVersion: apps/v1', 'metadata:', 'spec:', 'status:']);

    await wrapper.find('[data-testid="drover-code-unfold-all"]').trigger('click');
    expect(lineTexts(wrapper)).toHaveLength(deployment.view.text.trimEnd().split('\n').length);
  });

  it('shows JSON highlighted and folds its objects between their brackets', async() => {
    const wrapper = mountView(configMap.view, testController(), stepOf(configMap));

    expect(wrapper.find('[data-testid="drover-yaml-title"]').text()).toContain('JSON');
    expect(wrapper.find('.drover-code-line__token--attr').text()).toBe('"kind"');

    await wrapper.find('[data-testid="drover-code-fold-all"]').trigger('click');
    expect(lineTexts(wrapper)).toEqual(['{', '  "kind": "ConfigMap",', '  "apiVersion": "v1",', '  "metadata": {', '  },', '  "data": {', '  }', '}']);
  });

  it('renders markup inside values as text', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const wrapper = mountView({ ...deployment.view, text: `metadata:\n  annotations:\n    note: ${ hostile }\n    quoted: "${ hostile }"\n` });

    expect(wrapper.find('img').exists()).toBe(false);
    expect(lineTexts(wrapper)).toContain(`    note: ${ hostile }`);
    expect(lineTexts(wrapper)).toContain(`    quoted: "${ hostile }"`);
  });

  it('copies the whole document', async() => {
    const writeText = jest.fn().mockResolvedValue(undefined);

    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const wrapper = mountView(deployment.view);

    await wrapper.find('[data-testid="drover-copy"]').trigger('click');
    expect(writeText).toHaveBeenCalledWith(deployment.view.text);
  });

  it('downloads the document named after the object', async() => {
    const saved: { name: string; blob: Blob }[] = [];

    URL.createObjectURL = (blob: Blob) => {
      saved.push({ name: '', blob });

      return 'blob:doc';
    };
    URL.revokeObjectURL = () => {};
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function(this: HTMLAnchorElement) {
      saved[saved.length - 1].name = this.download;
    });
    const wrapper = mountView(deployment.view);

    await wrapper.find('[data-testid="drover-yaml-download"]').trigger('click');
    expect(saved[0].name).toBe('deployment-ui-shop-web.yaml');
    expect(await blobText(saved[0].blob)).toBe(deployment.view.text);
    click.mockRestore();
  });

  it('opens the live object in Rancher\'s editor when the host has one', async() => {
    const follow = jest.fn();
    const edited: ObjectRef[] = [];
    const host = {
      ...testHost(),
      editLink: (ref: ObjectRef) => {
        edited.push(ref);

        return { href: '#/edit/web', follow };
      }
    };
    const wrapper = mountView(deployment.view, testController(undefined, {}, host));
    const edit = wrapper.find('[data-testid="drover-yaml-edit"]');

    expect(edit.attributes('href')).toBe('#/edit/web');
    await edit.trigger('click');
    expect(follow).toHaveBeenCalled();
    expect(edited[0]).toEqual(deployment.view.ref);
  });

  it('offers no editor where the host has none (the standalone page) or the document is no single object', () => {
    expect(mountView(deployment.view).find('[data-testid="drover-yaml-edit"]').exists()).toBe(false);
    const host = { ...testHost(), editLink: () => ({ href: '#/edit' }) };
    const { ref: _ref, ...values } = deployment.view;

    expect(mountView(values, testController(undefined, {}, host)).find('[data-testid="drover-yaml-edit"]').exists()).toBe(false);
  });

  it('says when the document was cut', () => {
    expect(mountView(deployment.view).find('[data-testid="drover-yaml-truncated"]').exists()).toBe(false);
    expect(mountView({ ...deployment.view, truncated: true }).find('[data-testid="drover-yaml-truncated"]').text()).toContain('cut to fit');
  });

  it('renders only the lines in view of a 5,000-line document, and folding still works on it', async() => {
    const items = Array.from({ length: 1250 }, (_, i) => `  - name: item-${ i }\n    value: "${ i }"\n    nested:\n      deep: true`).join('\n');
    const text = `items:\n${ items }\n`;
    const started = Date.now();
    const wrapper = mountView({
      kind: 'yaml', format: 'yaml', text, truncated: false
    });

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(wrapper.text()).toContain('5,001 lines');
    const rendered = wrapper.findAll('[data-testid="drover-code-line"]').length;

    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(100);

    await wrapper.find('[data-testid="drover-code-fold-all"]').trigger('click');
    expect(lineTexts(wrapper)).toEqual(['items:']);
  });
});
