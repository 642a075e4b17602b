import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { setRequestParams } from './param-readers';
import { isParamObject, mergeParams, parseRailsParams, type ParamObject, type ParamValue } from './rails-params';

/**
 * Reads JSON, form-encoded and multipart bodies into one Rails-style `params` object merged over
 * the query string, so every endpoint accepts whichever form a client sends.
 */
export function railsBodyParams(): RequestHandler[] {
  const formFields = multer().none();
  return [
    express.json({ limit: '20mb', type: ['application/json', 'application/*+json'] }),
    express.text({ limit: '20mb', type: 'application/x-www-form-urlencoded' }),
    (req: Request, res: Response, next: NextFunction) => {
      if (req.is('multipart/form-data')) formFields(req, res, next);
      else next();
    },
    (req: Request, _res: Response, next: NextFunction) => {
      setRequestParams(req, mergeParams(queryParams(req), bodyParams(req)));
      next();
    },
  ];
}

/** The query string as Rails reads it (the app's query parser is `parseRailsParams`). */
export function queryParams(req: Request): ParamObject {
  const query: unknown = req.query;
  return isParamObject(query as ParamValue) ? (query as ParamObject) : {};
}

function bodyParams(req: Request): ParamObject {
  const body: unknown = req.body;
  if (typeof body === 'string') return req.is('application/x-www-form-urlencoded') ? parseRailsParams(body) : {};
  return isParamObject(body as ParamValue) ? (body as ParamObject) : {};
}
