import { Router } from 'express';
import { requireRole } from '../auth.js';
import { OPENAPI_DOCUMENT } from './openapi-document.js';
import type { OpenApiDocument } from './openapi-types.js';

/**
 * `GET /openapi.json` (viewer): the API description. Mounted under `/api/v1` after `authenticate`: the
 * public list of routes is closed, and a map of every route is no business of callers without credentials.
 */
export function openApiRoutes(document: OpenApiDocument = OPENAPI_DOCUMENT): Router {
  const router = Router();
  // Serialised once: the document is constant for the life of the process.
  const text = JSON.stringify(document);
  router.get('/openapi.json', requireRole('viewer'), (_req, res) => {
    res.type('application/json').send(text);
  });
  return router;
}
