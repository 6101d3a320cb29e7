/// <reference types="mocha" />
/**
 * The READMEs' widget examples, as written: each HTML example is put on a page (its inline module
 * script run), and must end in a visible, patient-safe state with a `healthex-error` — never
 * "Checking your connection…" forever; widget/README.md's TypeScript example (the compiled file
 * widget/examples/token-provider.ts) runs against a page without a token route; the root README's
 * Salus page (its TypeScript block, served from README.md's text by widget/testing/wtr-readme-snippets.mjs,
 * and its HTML) runs the same way.
 */
import { expect } from 'chai';
import type { HealthexConnect } from './healthex-connect.js';
import { $, bannerText, expectAccessible, recordEvents, waitFor } from './testing/helpers.js';

async function codeBlocks(path: string, language: string): Promise<string[]> {
  const markdown = await (await fetch(path)).text();
  return [...markdown.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);
}

let container: HTMLElement | null = null;
afterEach(() => {
  container?.remove();
  container = null;
});

/** Puts an HTML example on the page as written, running its inline module script. */
async function render(example: string): Promise<{ el: HealthexConnect; events: ReturnType<typeof recordEvents> }> {
  container = document.createElement('div');
  container.innerHTML = example.replace(/<script type="module">([\s\S]*?)<\/script>/g, '').replace(/<script [^>]*src=[^>]*><\/script>/g, '');
  document.body.prepend(container);
  const el = container.querySelector('healthex-connect') as HealthexConnect;
  const events = recordEvents(el, ['healthex-error']);
  for (const [, code] of example.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)) {
    const script = document.createElement('script');
    script.type = 'module';
    script.textContent = code!;
    container.append(script);
  }
  return { el, events };
}

describe('README examples, as written', () => {
  it('the plain-HTML example is loud about its missing token, accessibly (axe)', async () => {
    const [example] = (await codeBlocks('/README.md', 'html')).filter((block) => block.includes('<script type="module">\n'));
    expect(example, 'README.md’s plain-HTML example').to.be.a('string');
    const { el, events } = await render(example!);
    await waitFor(() => events.length > 0, 'healthex-error', 4000);
    expect((events[0]!.detail as { code: string }).code).to.equal('CONFIGURATION_NO_TOKEN');
    await el.updateComplete;
    expect(bannerText(el)).to.contain('This page isn’t set up to connect records yet');
    expect(bannerText(el)).to.contain('Nothing about your records has changed.');
    // Its button: open() returns false (with the console warning), nothing opens.
    (container!.querySelector('#connect-records') as HTMLButtonElement).click();
    await expectAccessible(el);
  });

  for (const [file, index] of [['/README.md', 0], ['/widget/README.md', 0]] as const) {
    it(`${file}: every <healthex-connect> example ends in a visible state with a stable error code`, async () => {
      const examples = (await codeBlocks(file, 'html')).filter((block) => block.includes('<healthex-connect'));
      expect(examples.length, 'examples found').to.be.above(index);
      for (const example of examples) {
        const { el, events } = await render(example);
        await waitFor(() => events.length > 0, `healthex-error for:\n${example}`, 8000);
        await el.updateComplete;
        expect($(el, '[part~="banner"]').dataset['look'], example).to.be.oneOf(['error', 'misconfigured']);
        expect(bannerText(el), 'patient words only').to.not.match(/JWT|tRPC|CORS|undefined/);
        container!.remove();
      }
    });
  }

  // checks/readme-examples.test.ts proves the file is the README's example word for word.
  it('widget/README.md’s TypeScript example (widget/examples/token-provider.ts) runs', async () => {
    container = document.createElement('div');
    container.innerHTML = '<healthex-connect api-base="http://127.0.0.1:9/"></healthex-connect>';
    document.body.prepend(container);
    const el = container.querySelector('healthex-connect') as HealthexConnect;
    const events = recordEvents(el, ['healthex-error']);
    await import('./examples/token-provider.js');
    // This test page has no /api/connect-token: the example's own error says so, loudly.
    await waitFor(() => events.length > 0, 'healthex-error');
    expect(events[0]!.detail).to.include({ code: 'CONFIGURATION_TOKEN_PROVIDER' });
    expect((events[0]!.detail as { detail: string }).detail).to.contain('tokenProvider');
  });

  it('the root README’s Salus page, as written: its HTML, then its script, whose tokenProvider the widget calls', async () => {
    const markdown = await (await fetch('/README.md')).text();
    const scripts = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const index = scripts.findIndex((block) => block.includes("import 'healthex-connect'") && block.includes('widget.tokenProvider'));
    expect(index, 'README.md’s Salus-page script').to.be.at.least(0);
    const [page] = (await codeBlocks('/README.md', 'html')).filter((block) => block.includes('/assets/salus-page.js'));
    expect(page, 'README.md’s Salus-page HTML').to.be.a('string');
    // The page as written; its <script src="/assets/salus-page.js"> is the README's script, loaded next.
    container = document.createElement('div');
    container.innerHTML = page!.replace(/<script [^>]*src=[^>]*><\/script>/g, '');
    document.body.prepend(container);
    const el = container.querySelector('healthex-connect') as HealthexConnect;
    const events = recordEvents(el, ['healthex-error']);
    // The page's own function the script calls on every status change (Salus's personalisation panel).
    Object.assign(window, { refreshPersonalisationPanel: () => undefined });
    await import(/* @vite-ignore */ `/readme-snippets/${index}.ts`);
    expect(el.tokenProvider, 'the script set the tokenProvider').to.be.a('function');
    // This test page has no Salus back end: the script's POST /api/connect-token fails, and the widget says so.
    await waitFor(() => events.length > 0, 'healthex-error', 8000);
    expect(events[0]!.detail).to.include({ code: 'CONFIGURATION_TOKEN_PROVIDER' });
    await el.updateComplete;
    expect(bannerText(el)).to.contain('This page isn’t set up to connect records yet');
  });
});
