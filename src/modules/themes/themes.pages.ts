import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { NotFound, ValidationFailed } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { errorSummary, errorsByField, setFlash, submitForm } from '../../platform/http/pages.ts';
import { themesByYearChart, analysisTables } from './themes.view.ts';
import { highlight, type Passage } from './themes.suggest.ts';
import type { ReviewTheme } from './themes.types.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const labels = { activeNav: 'library' };

/** Passages cut into plain and highlighted parts; the template escapes each part. */
const withParts = (t: ReviewTheme) => ({
  ...t,
  passages: t.passages.map((p: Passage) => ({
    ...p,
    parts: Array.isArray(p.marks) ? highlight(p) : [{ text: p.text, mark: false }],
  })),
});

/** The themes of a review, the taxonomy settings and the analysis of confirmed themes. */
export async function themesPages(app: FastifyInstance, { services }: { services: Services }) {
  const themes = services.themes;

  const reviewContext = async (actor: Actor, libraryReviewId: string) => {
    const view = await themes.reviewThemes(actor, libraryReviewId);
    return {
      ...labels,
      pageTitle: `Themes: ${view.review.title}`,
      backLink: `/library/reviews/${view.review.id}`,
      review: view.review,
      suggested: view.suggested.map(withParts),
      confirmed: view.confirmed.map(withParts),
      rejected: view.rejected.map(withParts),
      addItems: [
        { value: '', text: 'Select a theme' },
        ...view.addable.map((t) => ({ value: t.code, text: t.name })),
      ],
      canDecide: actor.role === 'business-unit',
      values: {},
      errors: {},
    };
  };

  app.get('/library/reviews/:libraryReviewId/themes', async (request, reply) => {
    const { libraryReviewId } = request.params as { libraryReviewId: string };
    return reply.page('review-themes.njk', await reviewContext(actorOf(request), libraryReviewId));
  });

  app.post('/library/reviews/:libraryReviewId/themes', async (request, reply) => {
    const actor = actorOf(request);
    const { libraryReviewId } = request.params as { libraryReviewId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'review-themes.njk',
        context: { ...(await reviewContext(actor, libraryReviewId)), values: body },
      },
      () =>
        themes.decide(actor, libraryReviewId, {
          theme: text(body, 'theme') || undefined,
          decision: text(body, 'decision') || undefined,
        }),
      (decided) => {
        setFlash(request, `${decided.name}: ${decided.status === 'confirmed' ? 'confirmed' : 'rejected'}`);
        return reply.redirect(`/library/reviews/${libraryReviewId}/themes`);
      },
    );
  });

  app.post('/library/reviews/:libraryReviewId/themes/suggest', async (request, reply) => {
    const { libraryReviewId } = request.params as { libraryReviewId: string };
    const count = await themes.resuggest(actorOf(request), libraryReviewId);
    setFlash(request, `Suggestions made again: ${count} theme${count === 1 ? '' : 's'} found in the text`);
    return reply.redirect(`/library/reviews/${libraryReviewId}/themes`);
  });

  const settingsContext = async (actor: Actor) => ({
    activeNav: 'settings',
    pageTitle: 'Library themes',
    themes: await themes.manageList(actor),
    errors: {},
  });

  app.get('/settings/library-themes', async (request, reply) =>
    reply.page('library-themes.njk', { ...(await settingsContext(actorOf(request))), values: {} }),
  );

  app.post('/settings/library-themes', async (request, reply) => {
    const actor = actorOf(request);
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'library-themes.njk', context: { ...(await settingsContext(actor)), values: body } },
      () =>
        themes.addTheme(actor, {
          name: text(body, 'name') || undefined,
          description: text(body, 'description'),
          keywords: text(body, 'keywords'),
        }),
      (theme) => {
        setFlash(request, `Theme added: ${theme.name}`);
        return reply.redirect('/settings/library-themes');
      },
    );
  });

  const editContext = async (actor: Actor, code: string) => ({
    activeNav: 'settings',
    pageTitle: 'Change a library theme',
    backLink: '/settings/library-themes',
    theme: await themes.theme(actor, code),
    errors: {},
  });

  app.get('/settings/library-themes/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    const context = await editContext(actorOf(request), code);
    const t = context.theme;
    return reply.page('library-theme-edit.njk', {
      ...context,
      values: { ...t, keywords: t.keywords.join('\n'), active: t.active ? 'yes' : 'no' },
    });
  });

  app.post('/settings/library-themes/:code', async (request, reply) => {
    const actor = actorOf(request);
    const { code } = request.params as { code: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'library-theme-edit.njk', context: { ...(await editContext(actor, code)), values: body } },
      () =>
        themes.changeTheme(actor, code, {
          name: text(body, 'name') || undefined,
          description: text(body, 'description'),
          keywords: text(body, 'keywords'),
          active: text(body, 'active') !== 'no',
          version: text(body, 'version') || undefined,
        }),
      (theme) => {
        setFlash(
          request,
          theme.active ? `Theme saved: ${theme.name}` : `Theme no longer in use: ${theme.name}`,
        );
        return reply.redirect('/settings/library-themes');
      },
    );
  });

  app.get('/library/themes', async (request, reply) => {
    const actor = actorOf(request);
    const query = request.query as Record<string, unknown>;
    const values = { fromYear: oneValue(query.fromYear).trim(), toYear: oneValue(query.toYear).trim() };
    const input = {
      fromYear: values.fromYear || undefined,
      toYear: values.toYear || undefined,
    };
    try {
      const analysis = await themes.analysis(actor, input);
      return reply.page('analysis.njk', {
        ...labels,
        pageTitle: 'Themes across reviews',
        values,
        errors: {},
        chart: await themesByYearChart(analysis),
        ...analysisTables(analysis),
      });
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      const analysis = await themes.analysis(actor, {});
      return reply.code(400).page('analysis.njk', {
        ...labels,
        pageTitle: 'Themes across reviews',
        values,
        errorList: errorSummary(err.fields),
        errors: errorsByField(err.fields),
        chart: await themesByYearChart(analysis),
        ...analysisTables(analysis),
      });
    }
  });

  app.get('/library/themes/reviews', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const input = Object.fromEntries(
      Object.entries(query)
        .map(([k, v]) => [k, oneValue(v)])
        .filter(([, v]) => v !== ''),
    );
    let found;
    try {
      found = await themes.reviewsBehind(actorOf(request), input);
    } catch (err) {
      // A hand-edited address with a bad year or no theme names no list of reviews.
      if (err instanceof ValidationFailed) throw new NotFound('Page');
      throw err;
    }
    const { query: q, theme, reviews } = found;
    const heading = found.with ? `${theme.name} with ${found.with.name}` : theme.name;
    const years =
      q.year === 'unknown'
        ? 'with no year given'
        : q.year !== undefined
          ? `in ${q.year}`
          : q.fromYear !== undefined || q.toYear !== undefined
            ? `from ${q.fromYear ?? 'the first year'} to ${q.toYear ?? 'now'}`
            : '';
    const back = new URLSearchParams();
    if (q.fromYear !== undefined) back.set('fromYear', String(q.fromYear));
    if (q.toYear !== undefined) back.set('toYear', String(q.toYear));
    return reply.page('theme-reviews.njk', {
      ...labels,
      pageTitle: `Reviews: ${heading}${years ? ` ${years}` : ''}`,
      heading,
      years,
      reviews,
      backLink: `/library/themes${back.size ? `?${back}` : ''}`,
    });
  });
}

/** A query value given once; a key repeated in the address (an array) or left out counts as empty. */
function oneValue(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
