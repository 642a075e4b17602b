/** The page's styles, served as /lti/assets/passback-page.css: plain, readable inside Canvas's frame. */
export const PASSBACK_PAGE_STYLES = `
body { font-family: "Lato", "Helvetica Neue", Helvetica, Arial, sans-serif; color: #2d3b45; margin: 0; padding: 1rem 1.5rem; line-height: 1.45; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 0 0 0.25rem; }
progress { width: 100%; max-width: 32rem; height: 1rem; }
table { border-collapse: collapse; width: 100%; max-width: 60rem; }
th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #c7cdd1; vertical-align: top; }
th { background: #f5f5f5; }
.status[data-state="completed"] h2 { color: #0b874b; }
.status[data-state="completed-with-errors"] h2 { color: #b55b00; }
.status[data-state="failed"] h2, .refusal h2 { color: #c23c2d; }
.invalid-assignments { list-style: none; padding: 0; }
.invalid-assignment { border-left: 4px solid #fc5e13; padding: 0.5rem 0.75rem; margin: 0 0 0.75rem; background: #fff8f3; }
.problems { margin: 0; padding-left: 1.2rem; }
.rule { font-weight: bold; }
.fix { margin: 0.15rem 0 0.4rem; }
.code, .connection { color: #6b7780; font-size: 0.9rem; }
`;
