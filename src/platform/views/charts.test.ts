import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderChart, type ChartInput } from './charts.ts';

const bars = (data: Record<string, unknown>[]): ChartInput => ({
  title: 'Visits by place',
  description: 'Two places: North had 3 visits and South 5.',
  spec: {
    mark: 'bar',
    encoding: {
      y: { field: 'place', type: 'nominal', title: 'Place' },
      x: { field: 'visits', type: 'quantitative', title: 'Visits' },
    },
  },
  data,
  columns: [
    { field: 'place', title: 'Place' },
    { field: 'visits', title: 'Visits', numeric: true },
  ],
});

describe('renderChart', () => {
  it('returns an <svg> image named by its title and described, with the figures as a table', async () => {
    const chart = await renderChart(
      bars([
        { place: 'North', visits: 3 },
        { place: 'South', visits: 5 },
      ]),
    );
    assert.match(chart.svg, /^<svg [^>]*role="img"/);
    const labelled = /aria-labelledby="([^" ]+) ([^"]+)"/.exec(chart.svg)!;
    assert.match(chart.svg, new RegExp(`<title id="${labelled[1]}">Visits by place</title>`));
    assert.match(
      chart.svg,
      new RegExp(`<desc id="${labelled[2]}">Two places: North had 3 visits and South 5.</desc>`),
    );
    assert.match(chart.svg, />North</);
    assert.doesNotMatch(chart.svg, /<script|style="/i);
    assert.equal(chart.svg.match(/role=/g)?.length, 1, 'only the image itself has a role');
    assert.match(chart.svg, /font-size="16px"/);
    assert.deepEqual(
      chart.table.rows.map((r) => r.map((c) => c.text)),
      [
        ['North', '3'],
        ['South', '5'],
      ],
    );
  });

  it('escapes text from the data and the title, so it cannot add markup', async () => {
    const chart = await renderChart({
      ...bars([{ place: '<script>alert(1)</script>', visits: 2 }]),
      title: 'A & <b>',
    });
    assert.doesNotMatch(chart.svg, /<script|<b>/);
    assert.match(chart.svg, /<title id="[^"]+">A &amp; &lt;b&gt;<\/title>/);
  });

  it('draws nothing, and says so, when there is no data', async () => {
    const chart = await renderChart({ ...bars([]), emptyText: 'No visits yet.' });
    assert.equal(chart.empty, true);
    assert.equal(chart.svg, '');
    assert.equal(chart.emptyText, 'No visits yet.');
    assert.deepEqual(chart.table.rows, []);
  });
});
