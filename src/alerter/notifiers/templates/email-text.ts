// Rendered without escaping: plain text shows what was written.

/** Plain-text body of an incident mail. */
export const INCIDENT_TEXT = `{{severity}} {{number}} {{title}}
{{headline}}
{{#description}}

{{descriptionLabel}}:
{{description}}
{{/description}}

{{#facts}}
{{label}}: {{value}}
{{/facts}}
{{#hasAlerts}}

{{alertsLabel}}:
{{#alerts}}
- [{{state}}] {{name}}{{#summary}} — {{summary}}{{/summary}}
  {{labels}}
  {{sinceLabel}} {{since}}{{#value}} · {{valueLabel}} {{value}}{{/value}}
{{/alerts}}
{{/hasAlerts}}
{{#url}}

{{openLabel}}: {{url}}
{{/url}}

-- 
{{footer}}
`;

/** Plain-text body of a heartbeat mail. */
export const HEARTBEAT_TEXT = `{{headline}}

-- 
{{footer}}
`;
