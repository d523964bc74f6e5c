// Logic-less mustache; every `{{value}}` is HTML-escaped, and no template uses the unescaped `{{{ }}}`.

/** HTML body of an incident mail. */
export const INCIDENT_HTML = `<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{subject}}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1f2328; margin: 0; padding: 16px;">
<table role="presentation" style="max-width: 720px; border-collapse: collapse; width: 100%;">
<tr><td style="border-left: 6px solid {{color}}; padding: 8px 12px;">
<div style="font-size: 13px; color: #57606a;">{{severity}} · {{number}} · {{eventWord}}</div>
<h1 style="font-size: 20px; margin: 4px 0 8px;">{{title}}</h1>
<p style="margin: 0;">{{headline}}</p>
</td></tr>
</table>
{{#description}}
<h2 style="font-size: 15px; margin: 16px 0 4px;">{{descriptionLabel}}</h2>
<p style="margin: 0; white-space: pre-wrap;">{{description}}</p>
{{/description}}
<table style="border-collapse: collapse; margin-top: 16px; font-size: 14px;">
{{#facts}}
<tr><th style="text-align: left; padding: 2px 16px 2px 0; color: #57606a; font-weight: normal;">{{label}}</th><td style="padding: 2px 0;">{{value}}</td></tr>
{{/facts}}
</table>
{{#hasAlerts}}
<h2 style="font-size: 15px; margin: 16px 0 4px;">{{alertsLabel}}</h2>
<ul style="padding-left: 20px; margin: 0; font-size: 14px;">
{{#alerts}}
<li><strong>{{state}}</strong> {{name}}{{#summary}} — {{summary}}{{/summary}}<br><span style="color: #57606a; font-family: monospace;">{{labels}}</span><br><span style="color: #57606a;">{{sinceLabel}} {{since}}{{#value}} · {{valueLabel}} {{value}}{{/value}}</span></li>
{{/alerts}}
</ul>
{{/hasAlerts}}
{{#url}}
<p style="margin-top: 16px;"><a href="{{url}}" style="color: #0969da;">{{openLabel}}</a></p>
{{/url}}
<p style="margin-top: 24px; font-size: 12px; color: #57606a;">{{footer}}</p>
</body>
</html>
`;

/** HTML body of a heartbeat mail. */
export const HEARTBEAT_HTML = `<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{subject}}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1f2328; padding: 16px;">
<p>{{headline}}</p>
<p style="font-size: 12px; color: #57606a;">{{footer}}</p>
</body>
</html>
`;
