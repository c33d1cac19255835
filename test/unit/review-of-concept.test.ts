import { describe, expect, it } from 'vitest';
import { everyMunicipalityAgreed, reviewLinesNl, reviewOfConcept } from '../../functions/core/review';

const gboLeden = [{ municipality: 'Tiel', name: 'G. Tielemans', subject: 'tiel-gbo' }];
const reviewer = { by: 'Secretariaat GBO', subject: 'reviewer' };

describe('where a municipality stands in the review of its concept', () => {
  it("counts a reviewer's Akkoord not as the municipality's own while its gbo-lid is silent", () => {
    const review = reviewOfConcept(['Tiel'], gboLeden, [{ municipality: 'Tiel', answer: 'akkoord', ...reviewer }]);
    expect(review[0]?.state).toBe('geen reactie');
    expect(everyMunicipalityAgreed(review)).toBe(false);
    expect(reviewLinesNl(review)).toEqual(['- Tiel: geen reactie (G. Tielemans); akkoord van Secretariaat GBO']);
  });

  it("is akkoord once the municipality's gbo-lid agreed, and for a municipality without a gbo-lid on a reviewer's Akkoord", () => {
    const review = reviewOfConcept(['Tiel', 'Buren'], gboLeden, [
      { municipality: 'Tiel', answer: 'akkoord', by: 'G. Tielemans', subject: 'tiel-gbo' },
      { municipality: 'Buren', answer: 'akkoord', ...reviewer },
    ]);
    expect(review.map((m) => m.state)).toEqual(['akkoord', 'akkoord']);
    expect(everyMunicipalityAgreed(review)).toBe(true);
  });

  it("takes anyone's Opmerking over an Akkoord", () => {
    const review = reviewOfConcept(['Tiel'], gboLeden, [
      { municipality: 'Tiel', answer: 'akkoord', by: 'G. Tielemans', subject: 'tiel-gbo' },
      { municipality: 'Tiel', answer: 'opmerking', text: 'Mist oktober', ...reviewer },
    ]);
    expect(review[0]?.state).toBe('opmerking');
    expect(reviewLinesNl(review)).toEqual(['- Tiel: akkoord (G. Tielemans); opmerking van Secretariaat GBO: “Mist oktober”']);
  });
});
