// /v1/inspection_rules: the inspection rules stored in the database (admin; readers may list).
// Rules of the config's inspection.rules_file are not listed here: they live in that file.
import { Router } from 'express';
import { UUID_RE } from '../../db/resource-repo.js';
import { InvalidParameterValue, NotFound } from '../../errors.js';
import { asBadRequest } from '../../shape-errors.js';
import { parseInspectionRule } from '../../../protocol/inspection-rules.js';
import type { ApiDeps } from '../deps.js';
import { requireNewerEndpoint } from '../microversion.js';

const MAX_RULES = 1000;

function ruleUuid(raw: string): string {
  if (!UUID_RE.test(raw)) throw new InvalidParameterValue(`Inspection rules are named by UUID; ${JSON.stringify(raw)} is not one.`);
  return raw.toLowerCase();
}

/** Ironic's inspection rules API arrived in 1.96. */
const RULES_MINOR = 96;

export function inspectionRulesRouter({ store }: ApiDeps): Router {
  const router = Router();
  router.use('/v1/inspection_rules', (req, _res, next) => {
    requireNewerEndpoint(req, RULES_MINOR, 'The /v1/inspection_rules endpoint');
    next();
  });
  router.get('/v1/inspection_rules', async (_req, res) => {
    res.json({ rules: await store.inspection.listRules() });
  });
  router.get('/v1/inspection_rules/:uuid', async (req, res) => {
    const rule = await store.inspection.getRule(ruleUuid(req.params.uuid));
    if (!rule) throw new NotFound(`Inspection rule ${req.params.uuid} could not be found.`);
    res.json(rule);
  });
  router.post('/v1/inspection_rules', async (req, res) => {
    const rule = asBadRequest(() => parseInspectionRule(req.body));
    if ((await store.inspection.listRules()).length >= MAX_RULES) {
      throw new InvalidParameterValue(`There are already ${MAX_RULES} inspection rules; delete some first.`);
    }
    res
      .status(201)
      .json(await store.inspection.addRule({ description: rule.description, conditions: rule.conditions as never, actions: rule.actions }));
  });
  router.delete('/v1/inspection_rules/:uuid', async (req, res) => {
    if ((await store.inspection.deleteRules(ruleUuid(req.params.uuid))) === 0) {
      throw new NotFound(`Inspection rule ${req.params.uuid} could not be found.`);
    }
    res.status(204).end();
  });
  router.delete('/v1/inspection_rules', async (_req, res) => {
    await store.inspection.deleteRules();
    res.status(204).end();
  });
  return router;
}
