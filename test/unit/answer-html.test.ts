import { describe, expect, it } from 'vitest';
import { renderAnswerPage } from '../../functions/links/answer-html';

const open = { state: 'open', conceptRunId: '2026-09-concept-1', municipality: 'Tiel', name: 'A. <Gbo>', formToken: 'tok"en' } as const;

describe('the answer page as HTML', () => {
  it('is a Dutch form that posts to the link, with the form token, and no script', () => {
    const page = renderAnswerPage(open, '/antwoord/v1.abc.def');
    expect(page).toContain('<html lang="nl"');
    expect(page).toContain('<form method="post" action="/antwoord/v1.abc.def"');
    expect(page).toContain('<input type="hidden" name="formToken" value="tok&#34;en">');
    expect(page).toContain('Akkoord: het concept kan zo naar het AB');
    expect(page).toContain('<label class="utrecht-form-label" for="opmerking-tekst">');
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('A. &#60;Gbo&#62;');
  });

  it('shows the answer given, and thanks after a POST', () => {
    const page = renderAnswerPage({ ...open, recorded: true, current: { conceptRunId: open.conceptRunId, municipality: 'Tiel', answer: 'opmerking', by: 'A', text: 'Mist oktober', at: '' } }, '/a');
    expect(page).toContain('role="status"');
    expect(page).toContain('Dank u; uw reactie is vastgelegd.');
    expect(page).toContain('<strong>Opmerking</strong> – Mist oktober');
    expect(page).toContain('value="opmerking" checked');
  });

  it('shows a refused or released link without a form', () => {
    const refused = renderAnswerPage({ state: 'refused', reason: 'expired', message: 'Deze link is verlopen.' }, '/a');
    expect(refused).toContain('role="alert"');
    expect(refused).not.toContain('<form');
    const released = renderAnswerPage({ state: 'released', conceptRunId: open.conceptRunId, municipality: 'Tiel', name: 'A' }, '/a');
    expect(released).toContain('al definitief verstuurd');
    expect(released).not.toContain('<form');
  });

  it('shows a problem first, linking to its field, which is marked invalid with the message beside it, and keeps what was sent', () => {
    // Act
    const page = renderAnswerPage(open, '/a', { message: 'Schrijf uw opmerking in het tekstvak; er is niets vastgelegd.', field: 'text', given: { answer: 'opmerking', text: '' } });
    // Assess
    expect(page).toContain('role="alert"><p class="utrecht-paragraph"><a class="utrecht-link" href="#opmerking-tekst">Schrijf uw opmerking');
    expect(page).toContain('<p class="utrecht-form-field-error-message" id="opmerking-fout">');
    expect(page).toMatch(/<textarea[^>]*id="opmerking-tekst"[^>]*aria-invalid="true" aria-describedby="opmerking-fout"/);
    expect(page).toContain('value="opmerking" checked');
    expect(page).not.toContain('<fieldset class="utrecht-form-fieldset" aria-invalid');
  });
});
