// SessionService: POST Sessions logs in (201, X-Auth-Token, Location), DELETE logs out.
import { objectBody } from '../body.js';
import type { SimContext } from '../context.js';
import { fail, notFound, redfishError } from '../errors.js';
import { ENABLED, collection, link, noContent, ok, resource } from '../odata.js';
import { param, type Route } from '../router.js';
import type { SimSession } from '../auth.js';

const SERVICE = '/redfish/v1/SessionService';
const SESSIONS = `${SERVICE}/Sessions`;

function sessionBody(session: SimSession) {
  return resource(`${SESSIONS}/${session.id}`, '#Session.v1_3_0.Session', {
    Id: session.id,
    Name: `Session ${session.id}`,
    UserName: session.username,
    CreatedTime: session.created,
  });
}

export function sessionRoutes(ctx: SimContext): Route[] {
  return [
    {
      path: SERVICE,
      handlers: {
        GET: () =>
          ok(
            resource(SERVICE, '#SessionService.v1_1_8.SessionService', {
              Id: 'SessionService',
              Name: 'Session Service',
              ServiceEnabled: true,
              SessionTimeout: 1800,
              Sessions: link(SESSIONS),
              Status: ENABLED,
            }),
          ),
      },
    },
    {
      path: SESSIONS,
      public: ['POST'],
      handlers: {
        GET: () =>
          ok(
            collection(
              SESSIONS,
              '#SessionCollection.SessionCollection',
              'Sessions',
              ctx.auth.list().map((s) => `${SESSIONS}/${s.id}`),
            ),
          ),
        POST: (req) => {
          const body = objectBody(req);
          if (!ctx.auth.checkCredentials(body.UserName, body.Password)) {
            return redfishError(401, 'ResourceAtUriUnauthorized', 'The user name or password is not correct.');
          }
          if (ctx.auth.full) {
            return redfishError(
              503,
              'SessionLimitExceeded',
              `All ${ctx.auth.maxSessions} sessions of this BMC are in use; log out (DELETE a session) before logging in again.`,
            );
          }
          const session = ctx.auth.open(String(body.UserName));
          return {
            status: 201,
            headers: { 'X-Auth-Token': session.token, Location: `${SESSIONS}/${session.id}` },
            body: sessionBody(session),
          };
        },
      },
    },
    {
      path: `${SESSIONS}/:id`,
      handlers: {
        GET: (req) => {
          const session = ctx.auth.get(param(req, 'id'));
          return session ? ok(sessionBody(session)) : notFound(req.path);
        },
        DELETE: (req) =>
          ctx.auth.close(param(req, 'id')) ? noContent() : fail(404, 'ResourceMissingAtURI', `There is no session ${param(req, 'id')}.`),
      },
    },
  ];
}
