// The runner benchmark's workload, written once for the page and for Newman: 1,000 GET
// requests to the reference server, each checked three ways (the status, a JSON field, a
// header).

export const REQUESTS = 1000;

/** The path and query of request `i`, after the base URL: five pages of the user list. */
export const requestPath = (i) => `/Users?count=1&startIndex=${(i % 5) + 1}`;

/** The workload as a Runscope suite's steps, with `{{base}}` and `{{auth}}` variables. */
export const suiteSteps = () =>
  Array.from({ length: REQUESTS }, (_, i) => ({
    step_type: 'request',
    note: `list ${i}`,
    method: 'GET',
    url: `{{base}}${requestPath(i)}`,
    headers: { Authorization: ['{{auth}}'] },
    assertions: [
      { source: 'response_status', comparison: 'equal_number', value: 200 },
      { source: 'response_json', property: 'totalResults', comparison: 'is_a_number', value: null },
      { source: 'response_headers', property: 'Content-Type', comparison: 'contains', value: 'json' },
    ],
  }));

/** The same workload as a Postman v2.1 collection, the checks as `pm.test`s. */
export const postmanCollection = () => ({
  info: {
    name: 'Runner benchmark',
    schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
  },
  item: Array.from({ length: REQUESTS }, (_, i) => ({
    name: `list ${i}`,
    request: {
      method: 'GET',
      url: `{{base}}${requestPath(i)}`,
      header: [{ key: 'Authorization', value: '{{auth}}' }],
    },
    event: [
      {
        listen: 'test',
        script: {
          type: 'text/javascript',
          exec: [
            "pm.test('status is 200', () => pm.response.to.have.status(200));",
            "pm.test('totalResults is a number', () => pm.expect(pm.response.json().totalResults).to.be.a('number'));",
            "pm.test('Content-Type contains json', () => pm.expect(pm.response.headers.get('Content-Type')).to.include('json'));",
          ],
        },
      },
    ],
  })),
});
