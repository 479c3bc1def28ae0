#!/usr/bin/env python3
"""Writes keygate's labelled detection corpus: realistic files with fake
secrets (as {{rand:SET:N}} templates, expanded by the test with a fixed seed,
so no key-shaped literal is committed) and hard negatives, plus labels.json
with the expected (rule, line) findings of every file.

Run from the repository root: python3 tests/corpus/generate.py
The output is committed; the test (tests/integration/corpus.rs) only reads it.
"""
import json
import os
import shutil

ROOT = os.path.dirname(os.path.abspath(__file__))
MARK = "@@SECRET@@"


def words(name):
    return [w.lower() for w in name.split("_")]


def snake(name):
    return "_".join(words(name))


def camel(name):
    w = words(name)
    return w[0] + "".join(x.title() for x in w[1:])


def pascal(name):
    return "".join(x.title() for x in words(name))


def dotted(name):
    return ".".join(words(name))


# Contexts: (id, file name pattern, text with MARK, quoted?) -- a value goes
# where MARK is. `generic_ok` says whether a generic key=value reader can see
# the name on the same line as the value.
CONTEXTS = [
    ("python", "{stem}.py", lambda n: f'import os\n\n# service credentials\n{n} = "{MARK}"\n\n\ndef client():\n    return Client(token={n})\n', True),
    ("js", "{stem}.js", lambda n: f'const config = {{\n  region: "eu-west-1",\n  {camel(n)}: "{MARK}",\n}};\nmodule.exports = config;\n', True),
    ("go", "{stem}.go", lambda n: f'package config\n\n// {pascal(n)} is used by the worker.\nconst {pascal(n)} = "{MARK}"\n', True),
    ("yaml", "{stem}.yaml", lambda n: f'service:\n  name: billing\n  {snake(n)}: {MARK}\n  timeout: 30\n', True),
    ("json", "{stem}.json", lambda n: f'{{\n  "name": "billing",\n  "{camel(n)}": "{MARK}",\n  "debug": false\n}}\n', True),
    ("env", "{stem}.env", lambda n: f'APP_ENV=production\n{n}={MARK}\nLOG_LEVEL=info\n', True),
    ("shell", "{stem}.sh", lambda n: f'#!/bin/sh\nset -eu\nexport {n}="{MARK}"\n./deploy.sh "$@"\n', True),
    ("dockerfile", "{stem}.Dockerfile", lambda n: f'FROM python:3.12-slim\nWORKDIR /app\nENV {n}={MARK}\nCMD ["python", "app.py"]\n', True),
    ("terraform", "{stem}.tf", lambda n: f'variable "{snake(n)}" {{\n  type      = string\n  sensitive = true\n  default   = "{MARK}"\n}}\n', False),
    ("k8s", "{stem}.k8s.yaml", lambda n: f'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      env:\n        - name: {n}\n          value: "{MARK}"\n', False),
    ("properties", "{stem}.properties", lambda n: f'app.name=billing\n{dotted(n)}={MARK}\n', True),
    ("toml", "{stem}.toml", lambda n: f'[service]\nname = "billing"\n{snake(n)} = "{MARK}"\n', True),
    ("xml", "{stem}.config", lambda n: f'<configuration>\n  <appSettings>\n    <add key="{pascal(n)}" value="{MARK}" />\n  </appSettings>\n</configuration>\n', False),
    ("ruby", "{stem}.rb", lambda n: f'Rails.application.configure do\n  config.{snake(n)} = "{MARK}"\nend\n', True),
    ("markdown", "{stem}.md", lambda n: f'# Setup\n\nExport the credential before running:\n\n```sh\nexport {n}={MARK}\n```\n', True),
    ("ini", "{stem}.ini", lambda n: f'[default]\nregion = eu-west-1\n{snake(n)} = {MARK}\n', True),
]

# Provider rules: (category, rule, NAME, positive template, placeholder prefix, placeholder length)
PROVIDERS = [
    ("aws", "aws-access-key-id", "AWS_ACCESS_KEY_ID", "AKIA{{rand:A-Z2-7:16}}", "AKIA", 16),
    ("aws", "aws-access-key-id", "AWS_ACCESS_KEY_ID", "ASIA{{rand:A-Z2-7:16}}", "ASIA", 16),
    ("aws", "aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", "{{rand:base64:40}}", "", 40),
    ("aws", "aws-session-token", "AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2Vj{{rand:base64:300}}", "IQoJ", 40),
    ("aws", "aws-mws-key", "MWS_AUTH_TOKEN", "amzn.mws.{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}", "amzn.mws.", 36),
    ("github", "github-pat", "GITHUB_TOKEN", "ghp_{{rand:alnum:36}}", "ghp_", 36),
    ("github", "github-fine-grained-pat", "GH_TOKEN", "github_pat_{{rand:alnum:22}}_{{rand:alnum:59}}", "github_pat_", 82),
    ("github", "github-oauth-token", "GITHUB_OAUTH_TOKEN", "gho_{{rand:alnum:36}}", "gho_", 36),
    ("github", "github-app-token", "GITHUB_APP_TOKEN", "ghs_{{rand:alnum:36}}", "ghs_", 36),
    ("github", "github-refresh-token", "GITHUB_REFRESH_TOKEN", "ghr_{{rand:alnum:76}}", "ghr_", 76),
    ("gitlab", "gitlab-pat", "GITLAB_TOKEN", "glpat-{{rand:base64url:20}}", "glpat-", 20),
    ("gitlab", "gitlab-pipeline-trigger-token", "GITLAB_TRIGGER_TOKEN", "glptt-{{rand:hex:40}}", "glptt-", 40),
    ("gitlab", "gitlab-runner-token", "RUNNER_TOKEN", "glrt-{{rand:base64url:20}}", "glrt-", 20),
    ("gitlab", "gitlab-deploy-token", "DEPLOY_TOKEN", "gldt-{{rand:base64url:20}}", "gldt-", 20),
    ("slack", "slack-bot-token", "SLACK_BOT_TOKEN", "xoxb-{{rand:digit:12}}-{{rand:digit:13}}-{{rand:alnum:24}}", "xoxb-", 24),
    ("slack", "slack-user-token", "SLACK_USER_TOKEN", "xoxp-{{rand:digit:12}}-{{rand:digit:12}}-{{rand:digit:13}}-{{rand:hex:32}}", "xoxp-", 32),
    ("slack", "slack-app-token", "SLACK_APP_TOKEN", "xapp-1-A{{rand:A-Z0-9:10}}-{{rand:digit:13}}-{{rand:hex:64}}", "xapp-1-", 40),
    ("payments", "stripe-secret-key", "STRIPE_SECRET_KEY", "sk_live_{{rand:alnum:99}}", "sk_live_", 24),
    ("payments", "stripe-test-key", "STRIPE_TEST_KEY", "sk_test_{{rand:alnum:24}}", "sk_test_", 24),
    ("payments", "stripe-webhook-secret", "STRIPE_WEBHOOK_SECRET", "whsec_{{rand:alnum:32}}", "whsec_", 32),
    ("payments", "square-access-token", "SQUARE_ACCESS_TOKEN", "sq0atp-{{rand:base64url:22}}", "sq0atp-", 22),
    ("payments", "braintree-access-token", "BRAINTREE_ACCESS_TOKEN", "access_token$production${{rand:0-9a-z:16}}${{rand:hex:32}}", "access_token$production$", 16),
    ("payments", "shopify-token", "SHOPIFY_ACCESS_TOKEN", "shpat_{{rand:hex:32}}", "shpat_", 32),
    ("google", "google-api-key", "GOOGLE_API_KEY", "AIza{{rand:base64url:35}}", "AIza", 35),
    ("google", "google-oauth-client-secret", "GOOGLE_CLIENT_SECRET", "GOCSPX-{{rand:base64url:28}}", "GOCSPX-", 28),
    ("google", "google-oauth-token", "GOOGLE_ACCESS_TOKEN", "ya29.a0{{rand:base64url:120}}", "ya29.", 40),
    ("azure", "azure-ad-client-secret", "AZURE_CLIENT_SECRET", "{{rand:alnum:3}}8Q~{{rand:alnum:34}}", "", 40),
    ("messaging", "twilio-api-key", "TWILIO_API_KEY", "SK{{rand:hex:32}}", "SK", 32),
    ("messaging", "twilio-auth-token", "TWILIO_AUTH_TOKEN", "{{rand:hex:32}}", "", 32),
    ("messaging", "sendgrid-api-key", "SENDGRID_API_KEY", "SG.{{rand:base64url:22}}.{{rand:base64url:43}}", "SG.", 40),
    ("messaging", "mailgun-api-key", "MAILGUN_API_KEY", "key-{{rand:hex:32}}", "key-", 32),
    ("messaging", "mailchimp-api-key", "MAILCHIMP_API_KEY", "{{rand:hex:32}}-us21", "", 32),
    ("messaging", "telegram-bot-token", "TELEGRAM_BOT_TOKEN", "{{rand:digit:10}}:AA{{rand:base64url:33}}", "123456789:AA", 33),
    ("messaging", "discord-bot-token", "DISCORD_BOT_TOKEN", "MT{{rand:base64url:24}}.G{{rand:base64url:5}}.{{rand:base64url:38}}", "MT", 30),
    ("packages", "npm-token", "NPM_TOKEN", "npm_{{rand:alnum:36}}", "npm_", 36),
    ("packages", "pypi-token", "PYPI_TOKEN", "pypi-AgEIcHlwaS5vcmc{{rand:base64url:120}}", "pypi-AgEIcHlwaS5vcmc", 40),
    ("packages", "rubygems-api-key", "GEM_HOST_API_KEY", "rubygems_{{rand:hex:48}}", "rubygems_", 48),
    ("packages", "nuget-api-key", "NUGET_API_KEY", "oy2{{rand:0-9a-z:43}}", "oy2", 43),
    ("packages", "docker-hub-token", "DOCKERHUB_TOKEN", "dckr_pat_{{rand:base64url:27}}", "dckr_pat_", 27),
    ("cloud", "heroku-api-key", "HEROKU_API_KEY", "HRKU-{{rand:base64url:60}}", "HRKU-", 60),
    ("cloud", "heroku-api-key-uuid", "HEROKU_API_KEY", "{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}", "", 36),
    ("cloud", "digitalocean-token", "DIGITALOCEAN_TOKEN", "dop_v1_{{rand:hex:64}}", "dop_v1_", 64),
    ("cloud", "cloudflare-api-token", "CLOUDFLARE_API_TOKEN", "{{rand:base64url:40}}", "", 40),
    ("cloud", "vault-token", "VAULT_TOKEN", "hvs.{{rand:base64url:90}}", "hvs.", 90),
    ("cloud", "terraform-cloud-token", "TFC_TOKEN", "{{rand:alnum:14}}.atlasv1.{{rand:base64url:67}}", "", 40),
    ("observability", "datadog-api-key", "DD_API_KEY", "{{rand:hex:32}}", "", 32),
    ("observability", "new-relic-key", "NEW_RELIC_API_KEY", "NRAK-{{rand:A-Z0-9:27}}", "NRAK-", 27),
    ("observability", "sentry-auth-token", "SENTRY_AUTH_TOKEN", "sntryu_{{rand:hex:64}}", "sntryu_", 64),
    ("saas", "atlassian-api-token", "JIRA_API_TOKEN", "ATATT3xFfGF0{{rand:base64url:180}}={{rand:HEX:8}}", "ATATT3xFfGF0", 180),
    ("saas", "linear-api-key", "LINEAR_API_KEY", "lin_api_{{rand:alnum:40}}", "lin_api_", 40),
    ("saas", "notion-token", "NOTION_TOKEN", "ntn_{{rand:digit:11}}{{rand:alnum:35}}", "ntn_", 46),
    ("ai", "openai-api-key", "OPENAI_API_KEY", "sk-proj-{{rand:base64url:74}}T3BlbkFJ{{rand:base64url:74}}", "sk-proj-", 100),
    ("ai", "anthropic-api-key", "ANTHROPIC_API_KEY", "sk-ant-api03-{{rand:base64url:93}}AA", "sk-ant-api03-", 95),
    ("ai", "huggingface-token", "HF_TOKEN", "hf_{{rand:A-Za-z:34}}", "hf_", 34),
    ("jwt", "jwt", "SESSION_TOKEN", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.{{rand:base64url:43}}", "eyJ", 40),
    # Round 2 provider formats (issue 15): one realistic token each, in many file types.
    ("ai", "cerebras-api-key", "CEREBRAS_API_KEY", "csk-{{rand:0-9a-z:48}}", "csk-", 48),
    ("ai", "together-api-key", "TOGETHER_API_KEY", "tgp_v1_{{rand:base64url:43}}", "tgp_v1_", 43),
    ("ai", "nvidia-api-key", "NVIDIA_API_KEY", "nvapi-{{rand:base64url:64}}", "nvapi-", 64),
    ("ai", "openrouter-api-key", "OPENROUTER_API_KEY", "sk-or-v1-{{rand:hex:64}}", "sk-or-v1-", 64),
    ("ai", "langsmith-api-key", "LANGSMITH_API_KEY", "lsv2_pt_{{rand:hex:32}}_{{rand:hex:10}}", "lsv2_pt_", 43),
    ("ai", "fireworks-api-key", "FIREWORKS_API_KEY", "fw_{{rand:alnum:24}}", "fw_", 24),
    ("ai", "tavily-api-key", "TAVILY_API_KEY", "tvly-{{rand:alnum:32}}", "tvly-", 32),
    ("ai", "firecrawl-api-key", "FIRECRAWL_API_KEY", "fc-{{rand:hex:32}}", "fc-", 32),
    ("devops", "buildkite-token", "BUILDKITE_TOKEN", "bkua_{{rand:hex:40}}", "bkua_", 40),
    ("devops", "tailscale-key", "TAILSCALE_AUTHKEY", "tskey-auth-k{{rand:alnum:9}}11CNTRL-{{rand:alnum:33}}", "tskey-auth-", 40),
    ("devops", "vercel-token", "VERCEL_TOKEN", "vcp_{{rand:alnum:56}}", "vcp_", 56),
    ("devops", "neon-api-key", "NEON_API_KEY", "napi_{{rand:0-9a-z:64}}", "napi_", 64),
    ("devops", "sonarqube-token", "SONAR_TOKEN", "sqp_{{rand:hex:40}}", "sqp_", 40),
    ("devops", "circleci-token", "CIRCLECI_TOKEN", "CCIPAT_{{rand:alnum:22}}_{{rand:hex:40}}", "CCIPAT_", 40),
    ("devops", "posthog-personal-api-key", "POSTHOG_PERSONAL_API_KEY", "phx_{{rand:alnum:47}}", "phx_", 47),
    ("devops", "doppler-token", "DOPPLER_TOKEN", "dp.st.{{rand:alnum:43}}", "dp.st.", 43),
    ("cloud", "docker-swarm-join-token", "SWARM_JOIN_TOKEN", "SWMTKN-1-{{rand:0-9a-z:50}}-{{rand:0-9a-z:25}}", "SWMTKN-1-", 50),
    ("cloud", "aws-appsync-api-key", "APPSYNC_API_KEY", "da2-{{rand:a-z2-7:26}}", "da2-", 26),
    ("saas", "hubspot-private-app-token", "HUBSPOT_ACCESS_TOKEN", "pat-na1-{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}", "pat-na1-", 36),
    ("saas", "riot-api-key", "RIOT_API_KEY", "RGAPI-{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}", "RGAPI-", 36),
]

# Contexts where a rule that needs the key name on the value's line cannot
# work (the name sits on another line, or in another attribute).
KEYED_RULES = {"aws-secret-access-key", "aws-session-token", "twilio-auth-token", "heroku-api-key-uuid",
               "cloudflare-api-token", "datadog-api-key"}

PLACEHOLDERS = ["${{{n}}}", "<your-{k}>", "{{{{ .Values.{c} }}}}", "changeme", "{x}", "REPLACE_ME", "{p}..."]

GENERIC_VALUES = ["{{rand:alnum:16}}", "{{rand:alnum:24}}", "{{rand:base64url:32}}", "{{rand:hex:32}}"]
GENERIC_NAMES = ["DB_PASSWORD", "API_KEY", "CLIENT_SECRET", "AUTH_TOKEN", "SMTP_PASSWORD", "SIGNING_SECRET"]


class Corpus:
    def __init__(self):
        self.files = []

    def add(self, category, rel, text, expect):
        """expect: list of rule ids, one per MARK/line marker, or []"""
        path = os.path.join(ROOT, category, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", newline="") as f:
            f.write(text)
        self.files.append({"path": f"{category}/{rel}", "category": category, "expect": expect})

    def add_marked(self, category, rel, template, value, rule):
        before = template[: template.index(MARK)]
        line = before.count("\n") + 1
        self.add(category, rel, template.replace(MARK, value, 1), [{"rule": rule, "line": line}] if rule else [])


UUID = "{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}"
DJANGO = "{{rand:a-z0-9!@#$%^&*(_=+):50}}"
WP_SALT = "{{rand:A-Za-z0-9!@#%^&*()[]<>~+=.;|/?:64}}"
# Passwords people choose: a word, digits, maybe a symbol (fake, generated).
CHOSEN = ["Redis{{rand:digit:4}}!", "Summertime{{rand:digit:2}}", "Kangaroo{{rand:digit:3}}",
          "Orders{{rand:digit:4}}", "Bluefalcon{{rand:digit:2}}", "Acmecorp{{rand:digit:4}}"]


def b64(inner):
    """A value the corpus test base64-encodes after expanding its templates."""
    return "@@B64{" + inner + "}@@"


def generic_round2(c):
    """Generic assignments keygate missed before: UUID keys, keys named for
    what they sign, punctuation-heavy values, PHP define(), XML elements and
    attributes, name/value pairs, comparisons, constructors, connection strings."""
    cat = "generic2"
    # UUID-shaped keys under token/secret/api-key names, in many file types.
    for i, name in enumerate(["PAYMENTS_API_KEY", "LICENSE_KEY", "AUTH_TOKEN", "CLIENT_SECRET", "ACCESS_TOKEN", "SUBSCRIPTION_KEY"]):
        keyed = [x for x in CONTEXTS if x[3]]
        for k in range(3):
            ctx_id, pattern, render, _ = keyed[(i * 3 + k) % len(keyed)]
            c.add_marked(cat, pattern.format(stem=f"uuid_{snake(name)}_{ctx_id}_{k}"), render(name), UUID, "generic-secret-uuid")
    # Keys named for what they sign or encrypt, and PATs.
    for i, name in enumerate(["SIGNING_KEY", "ENCRYPTION_KEY", "MASTER_KEY", "HMAC_KEY", "GH_PAT", "APP_KEY"]):
        keyed = [x for x in CONTEXTS if x[3] and x[0] != "env"]
        for k, value in enumerate(["{{rand:alnum:32}}", "{{rand:base64url:40}}"]):
            ctx_id, pattern, render, _ = keyed[(i * 2 + k) % len(keyed)]
            c.add_marked(cat, pattern.format(stem=f"key_{snake(name)}_{ctx_id}_{k}"), render(name), value, "generic-key")
    # Django settings with a generated punctuation-heavy key.
    for i in range(4):
        c.add(cat, f"django{i}/settings.py",
              f"from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nSECRET_KEY = '{DJANGO}'\nDEBUG = False\nALLOWED_HOSTS = ['shop.acme.io']\n",
              [{"rule": "generic-secret-punctuated", "line": 4}])
    # WordPress: salts and a chosen database password.
    salts = ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"]
    for i in range(2):
        lines = ["<?php", "define( 'DB_NAME', 'wordpress' );", "define( 'DB_USER', 'wp_app' );",
                 f"define( 'DB_PASSWORD', '{CHOSEN[i]}' );", "define( 'DB_HOST', 'localhost' );"]
        lines += [f"define( '{k}', '{WP_SALT}' );" for k in salts]
        lines += ["$table_prefix = 'wp_';", "define( 'WP_DEBUG', false );"]
        c.add(cat, f"wp{i}/wp-config.php", "\n".join(lines) + "\n",
              [{"rule": "php-define-secret", "line": n} for n in [4] + list(range(6, 14))])
    c.add(cat, "wp-sample/wp-config-sample.php",
          "<?php\ndefine( 'DB_NAME', 'database_name_here' );\ndefine( 'DB_USER', 'username_here' );\ndefine( 'DB_PASSWORD', 'password_here' );\n" +
          "".join(f"define( '{k}', 'put your unique phrase here' );\n" for k in salts), [])
    # XML: elements with attributes, plain elements with chosen passwords, attributes.
    for i, pw in enumerate(CHOSEN[:3]):
        c.add(cat, f"xml{i}/connections.xml",
              f'<?xml version="1.0"?>\n<connections>\n  <connection name="erp">\n    <host>erp.acme.internal</host>\n    <Password encrypted="false">{pw}</Password>\n  </connection>\n</connections>\n',
              [{"rule": "xml-secret-element-attributes", "line": 5}])
        c.add(cat, f"maven{i}/settings.xml",
              f"<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n      <username>ci</username>\n      <password>{pw}</password>\n    </server>\n  </servers>\n</settings>\n",
              [{"rule": "xml-password-element", "line": 6}])
        c.add(cat, f"web{i}/Web.config",
              f'<configuration>\n  <system.web>\n    <authentication mode="Forms">\n      <forms><credentials passwordFormat="Clear"><user name="admin" password="{pw}" /></credentials></forms>\n    </authentication>\n  </system.web>\n</configuration>\n',
              [{"rule": "xml-password-attribute", "line": 4}])
    # Name on one line, value on the next.
    for i, (name, value) in enumerate([("DB_PASSWORD", CHOSEN[3]), ("API_TOKEN", "{{rand:alnum:32}}"), ("SMTP_PASSWORD", CHOSEN[4])]):
        c.add(cat, f"deploy{i}/deployment.yaml",
              f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: LOG_LEVEL\n              value: info\n            - name: {name}\n              value: \"{value}\"\n",
              [{"rule": "generic-name-value", "line": 14}])
        c.add(cat, f"ecs{i}/task-definition.json",
              f'{{\n  "containerDefinitions": [{{\n    "name": "api",\n    "environment": [\n      {{"name": "REGION", "value": "eu-west-1"}},\n      {{"name": "{name}", "value": "{value}"}}\n    ]\n  }}]\n}}\n',
              [{"rule": "generic-name-value", "line": 6}])
    # Comparisons with literals and credential constructors.
    for i, pw in enumerate(CHOSEN[:3]):
        c.add(cat, f"cmp{i}/auth.py", f'def check(user, password):\n    if password == "{pw}":\n        return True\n    return False\n',
              [{"rule": "hardcoded-comparison", "line": 2}])
        c.add(cat, f"cmp{i}/Auth.cs", f'if (creds.Secret != "{{{{rand:alnum:24}}}}") {{\n    return Unauthorized();\n}}\n',
              [{"rule": "hardcoded-comparison", "line": 1}])
        c.add(cat, f"ctor{i}/Mailer.cs", f'var client = new SmtpClient("smtp.acme.io");\nclient.Credentials = new NetworkCredential("alerts", "{pw}");\n',
              [{"rule": "credential-constructor", "line": 2}])
        c.add(cat, f"ctor{i}/fetch.py", f'import requests\n\nresp = requests.get(URL, auth=("api", "{{{{rand:alnum:24}}}}"))\n',
              [{"rule": "credential-constructor", "line": 3}])
    # Connection strings.
    for i, pw in enumerate(CHOSEN[3:]):
        c.add(cat, f"conn{i}/appsettings.json",
              f'{{\n  "ConnectionStrings": {{\n    "Default": "Server=sql01.acme.internal;Database=Orders;User Id=app;Password={pw};TrustServerCertificate=True"\n  }}\n}}\n',
              [{"rule": "connection-string-password", "line": 3}])
        c.add(cat, f"conn{i}/etl.py", f'CONN = "DRIVER={{ODBC Driver 18 for SQL Server}};SERVER=sql01;UID=etl;PWD={pw}"\n',
              [{"rule": "connection-string-password", "line": 1}])
        c.add(cat, f"conn{i}/application.properties", f"spring.datasource.url=jdbc:sqlserver://sql01:1433;databaseName=sales;user=etl;password={pw}\n",
              [{"rule": "connection-string-password", "line": 1}])
    # Hard negatives for all of the above.
    negatives = {
        "uuid_ids.py": f'REQUEST_ID = "{UUID}"\nTENANT_ID = "{UUID}"\nTOKEN_ID = "{UUID}"\ncorrelation_id: "{UUID}"\n',
        "uuid_docs.yaml": "api_key: 123e4567-e89b-12d3-a456-426614174000\nauth_token: 00000000-0000-0000-0000-000000000000\n",
        "uuid_standalone.json": '{"id": "' + UUID + '", "uuid": "' + UUID + '", "session": "' + UUID + '"}\n',
        "keys.py": 'primary_key = "id"\ncache_key = f"user:{user_id}"\nSIGNING_KEY = os.environ["SIGNING_KEY"]\nsort_key = "created_at"\nENCRYPTION_KEY = "${ENCRYPTION_KEY}"\nMASTER_KEY = "<your-master-key>"\npat = re.compile(r"^[a-z]+$")\n',
        "django_env/settings.py": "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nSECRET_KEY_FALLBACKS = []\nPASSWORD_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()'\n",
        "django_dev/settings.py": "SECRET_KEY = 'django-insecure-changeme-please-before-deploying'\n",
        "wp_env/wp-config.php": "<?php\ndefine( 'DB_PASSWORD', getenv('DB_PASSWORD') );\ndefine( 'AUTH_KEY', getenv('AUTH_KEY') );\ndefine( 'DB_CHARSET', 'utf8mb4' );\n",
        "xml_refs/settings.xml": "<settings><servers><server><id>nexus</id><password>${env.NEXUS_PASSWORD}</password></server></servers></settings>\n",
        "xml_policy/Web.config": '<configuration>\n  <membership minRequiredPasswordLength="8" passwordFormat="Hashed" passwordAttemptWindow="10" />\n  <user name="x" password="changeme" />\n</configuration>\n',
        "xml_enc/sitemanager.xml": '<Server><Host>ftp.acme.io</Host><Pass encoding="crypt" pubkey="{{rand:alnum:40}}">{{rand:alnum:40}}</Pass></Server>\n',
        "deploy_ref/deployment.yaml": "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n  - name: API_TOKEN\n    value: \"${API_TOKEN}\"\n  - name: TOKEN_TTL\n    value: \"3600s\"\n",
        "ecs_ref/task.json": '{"environment": [{"name": "PASSWORD_MIN_LENGTH", "value": "12"}, {"name": "SECRET_NAME", "value": "prod/db"}, {"name": "API_TOKEN", "value": "changeme"}]}\n',
        "cmp/forms.py": 'if password == confirm_password:\n    pass\nif token_type == "Bearer":\n    pass\nassert password == "changeme"\nif password == "":\n    pass\n',
        "ctor/Mailer.cs": 'client.Credentials = new NetworkCredential(user, password);\nvar c = new NetworkCredential("user", "<your-password>");\n',
        "ctor/login.py": 'server.login("alerts@acme.io", os.environ["SMTP_PASSWORD"])\nrequests.get(url, auth=("user", "password"))\n',
        "conn/appsettings.json": '{\n  "A": "Server=.;Database=Dev;Trusted_Connection=True;",\n  "B": "Server=db;Database=x;User Id=sa;Password={0};",\n  "C": "Server=db;Database=x;User Id=sa;Password=${DB_PASSWORD};",\n  "D": "Server=db;Database=x;User Id=sa;Password=<password>;"\n}\n',
        "conn/test.properties": "spring.datasource.url=jdbc:postgresql://localhost/test?user=test&password=test\n",
        "lock/package-lock.json": '{"packages": {"node_modules/api-key-utils": {"integrity": "sha512-{{rand:base64:86}}=="}}}\n',
        "img/logo.html": '<img alt="secret key" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA{{rand:base64:600}}" />\n',
    }
    for rel, text in negatives.items():
        c.add(cat, f"neg/{rel}", text, [])


def dotenv_chosen(c):
    """Passwords people chose, in .env files (dotenv-password, medium)."""
    for i, (key, pw) in enumerate(zip(["REDIS_PASSWORD", "DB_PASS", "SMTP_PASSWORD", "ADMIN_SECRET", "MYSQL_ROOT_PASSWORD", "RABBITMQ_PASS"], CHOSEN)):
        c.add("dotenv", f"chosen{i}/.env", f"APP_ENV=production\nDB_HOST=db.acme.internal\n{key}={pw}\nLOG_LEVEL=info\n",
              [{"rule": "dotenv-password", "line": 3}])
    c.add("dotenv", "chosen_neg/.env",
          "DB_PASSWORD=\nREDIS_PASSWORD=${REDIS_PASSWORD}\nSMTP_PASS=$(pass show smtp)\nAPI_TOKEN={{ api_token }}\n"
          "ADMIN_PASSWORD=changeme\nROOT_PASSWORD=Password123!\nMAIL_PASSWORD=hunter2\nDB_PASS=postgres\n"
          "TOKEN_TTL=3600\nPASSWORD_MIN_LENGTH=12\nSECRET_NAME=prod/db\nSECRET_FILE=./secrets/db.txt\n"
          "API_KEY=<your-api-key>\nAUTH_SECRET=your_secret_here\n", [])


def k8s_secrets(c):
    """Kubernetes Secret manifests: data: values are base64 of the secret."""
    cat = "k8s-secret"
    head = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {n}\n  namespace: prod\ntype: Opaque\ndata:\n"
    for i, pw in enumerate(CHOSEN):
        c.add(cat, f"chosen{i}/secret.yaml", head.format(n=f"db{i}") + f"  username: {b64('app')}\n  password: {b64(pw)}\n",
              [{"rule": "dotenv-password", "line": 9}])
    for i in range(4):
        c.add(cat, f"random{i}/secret.yaml", head.format(n=f"api{i}") + f"  API_TOKEN: {b64('{{rand:alnum:32}}')}\n  region: {b64('eu-west-1')}\n",
              [{"rule": "dotenv-secret", "line": 8}])
        c.add(cat, f"ghp{i}/secret.yaml", f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  mode: fast\n---\n" + head.format(n=f"gh{i}") + f"  token: {b64('ghp_{{rand:alnum:36}}')}\n",
              [{"rule": "github-pat", "line": 16}])
    pem = "-----BEGIN RSA PRIVATE KEY-----\n" + "{{rand:base64:64}}\n" * 4 + "-----END RSA PRIVATE KEY-----\n"
    c.add(cat, "tls/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\ndata:\n  tls.key: " + b64(pem) + "\n",
          [{"rule": "private-key", "line": 7}])
    # Hard negatives: placeholders, plain settings, certificates, config maps, images.
    c.add(cat, "neg/placeholders.yaml", head.format(n="ph") + "".join(f"  {k}: {b64(v)}\n" for k, v in [
        ("password", "changeme"), ("DB_PASSWORD", "${DB_PASSWORD}"), ("API_KEY", "<your-api-key>"), ("username", "admin"),
        ("host", "db.acme.internal"), ("port", "5432"), ("TOKEN_TTL", "3600")]), [])
    c.add(cat, "neg/cert.yaml", "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: " + b64("-----BEGIN CERTIFICATE-----\n{{rand:base64:64}}\n{{rand:base64:64}}\n-----END CERTIFICATE-----\n") + "\n", [])
    c.add(cat, "neg/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  password_policy: strict\nbinaryData:\n  logo.png: iVBORw0KGgoAAAANSUhEUgAA{{rand:base64:400}}\n", [])
    c.add(cat, "neg/binary.yaml", head.format(n="bin") + "  keystore.jks: /u3+7QAAAAIAAAAB{{rand:base64:200}}\n", [])
    c.add(cat, "neg/empty.yaml", head.format(n="empty") + "  password: \"\"\n  token: ''\n", [])



def credential_files(c):
    """Credential files found by name and shape, and password hashes."""
    cat = "credential-files"
    c.add(cat, "deploy/.git-credentials",
          "https://deploy:{{rand:alnum:8}}@{{rand:alnum:6}}@github.com\n",
          [{"rule": "git-credentials-password", "line": 1}])
    c.add(cat, "shop/config/master.key", "{{rand:hex:32}}", [{"rule": "rails-master-key", "line": 1}])
    c.add(cat, "home/.tugboat",
          "---\nauthentication:\n  access_token: {{rand:hex:64}}\nssh:\n  ssh_user: root\n",
          [{"rule": "tugboat-token", "line": 3}])
    c.add(cat, "db/dump.sql",
          "-- users\nINSERT INTO `users` (`id`, `email`, `password`) VALUES (1, 'ops@acme.io', '$2y$10${{rand:./A-Za-z0-9:53}}');\n",
          [{"rule": "bcrypt-hash", "line": 2}])
    c.add(cat, "etc/shadow",
          "daemon:*:19700:0:99999:7:::\nroot:$6${{rand:./A-Za-z0-9:16}}${{rand:./A-Za-z0-9:86}}:19700:0:99999:7:::\n",
          [{"rule": "sha-crypt-hash", "line": 2}])
    c.add(cat, "web/.htpasswd", "admin:$apr1${{rand:./A-Za-z0-9:8}}${{rand:./A-Za-z0-9:22}}\n",
          [{"rule": "md5-crypt-hash", "line": 1}])
    # Hard negatives: no password, a placeholder, a short key, a truncated hash.
    c.add(cat, "ci/.git-credentials", "https://deploy@github.com\nhttps://gitlab.acme.io\n", [])
    c.add(cat, "ops/.tugboat", "---\nauthentication:\n  access_token: <your token>\n", [])
    c.add(cat, "lib/config/master.key", "{{rand:hex:31}}\n", [])
    c.add(cat, "docs/hashing.md", "A bcrypt hash looks like `$2y$10$...` and is 60 characters long.\n", [])


def main():
    for entry in os.listdir(ROOT):
        p = os.path.join(ROOT, entry)
        if os.path.isdir(p):
            shutil.rmtree(p)
    c = Corpus()

    # Provider tokens in many file types.
    for pi, (cat, rule, name, tmpl, prefix, n) in enumerate(PROVIDERS):
        chosen = [CONTEXTS[(pi * 5 + k) % len(CONTEXTS)] for k in range(6)]
        for ctx_id, pattern, render, same_line in chosen:
            if rule in KEYED_RULES and not same_line:
                continue
            stem = f"pos_{rule}_{ctx_id}_{pi}"
            c.add_marked(cat, pattern.format(stem=stem), render(name), tmpl, rule)
        # Placeholders, in two file types.
        for k, ph in enumerate(PLACEHOLDERS):
            ctx_id, pattern, render, _ = CONTEXTS[(pi + k * 3) % len(CONTEXTS)]
            value = ph.format(n=name, k=snake(name).replace("_", "-"), c=camel(name), x=prefix + "x" * n, p=prefix)
            stem = f"neg_{rule}_{ctx_id}_{pi}_{k}"
            c.add_marked(cat, pattern.format(stem=stem), render(name), value, None)

    # AWS credential pairs (a credentials file, a JSON STS response).
    for i in range(4):
        c.add("aws", f"pair_{i}/credentials",
              f"[default]\naws_access_key_id = AKIA{{{{rand:A-Z2-7:16}}}}\naws_secret_access_key = {{{{rand:base64:40}}}}\nregion = eu-west-{i + 1}\n",
              [{"rule": "aws-credential-pair", "line": 2}])
    c.add("aws", "sts_response.json",
          '{\n  "Credentials": {\n    "AccessKeyId": "ASIA{{rand:A-Z2-7:16}}",\n    "SecretAccessKey": "{{rand:base64:40}}",\n    "SessionToken": "FwoGZXIvYXdzE{{rand:base64:300}}",\n    "Expiration": "2030-01-01T00:00:00Z"\n  }\n}\n',
          [{"rule": "aws-credential-pair", "line": 3}, {"rule": "aws-session-token", "line": 5}])
    c.add("aws", "docs_credentials.md",
          "# AWS setup\n\n```ini\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n```\n", [])
    c.add("aws", "iam_policy.json",
          '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-prod/*"}]\n}\n', [])

    # Private keys in the places they hide.
    pem = "-----BEGIN {k}PRIVATE KEY-----\n{{{{rand:base64:64}}}}\n{{{{rand:base64:64}}}}\n{{{{rand:base64:64}}}}\n{{{{rand:base64:20}}}}==\n-----END {k}PRIVATE KEY-----\n"
    for i, kind in enumerate(["RSA ", "EC ", "OPENSSH ", "", "ENCRYPTED ", "DSA "]):
        c.add("private-keys", f"keys/server_{i}.key", pem.format(k=kind), [{"rule": "private-key", "line": 1}])
    body = "\\n".join(["{{rand:base64:64}}"] * 4)
    c.add("private-keys", "service-account.json",
          '{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "{{rand:hex:40}}",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n' + body + '\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "deploy@acme-prod.iam.gserviceaccount.com"\n}\n',
          [{"rule": "gcp-service-account-key", "line": 4}, {"rule": "private-key", "line": 5}])
    c.add("private-keys", "deploy.py",
          'DEPLOY_KEY = """\n' + pem.format(k="OPENSSH ") + '"""\n', [{"rule": "private-key", "line": 2}])
    c.add("private-keys", "values.yaml",
          "tls:\n  key: |\n    " + pem.format(k="RSA ").replace("\n", "\n    ").rstrip() + "\n", [{"rule": "private-key", "line": 3}])
    c.add("private-keys", "public.pem", "-----BEGIN PUBLIC KEY-----\n{{rand:base64:64}}\n{{rand:base64:64}}\n-----END PUBLIC KEY-----\n", [])
    c.add("private-keys", "cert.pem", "-----BEGIN CERTIFICATE-----\n{{rand:base64:64}}\n{{rand:base64:64}}\n-----END CERTIFICATE-----\n", [])
    c.add("private-keys", "template.key", "-----BEGIN RSA PRIVATE KEY-----\n<paste the key here>\n-----END RSA PRIVATE KEY-----\n", [])
    c.add("private-keys", "parser.py",
          'BEGIN = "-----BEGIN PRIVATE KEY-----"\nEND = "-----END PRIVATE KEY-----"\n\ndef is_pem(text):\n    return text.startswith(BEGIN) and END in text\n', [])
    c.add("private-keys", "kubeconfig",
          "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo{{rand:base64:300}}\n",
          [{"rule": "kubeconfig-client-key", "line": 7}])

    # Generic assignments.
    for i, name in enumerate(GENERIC_NAMES):
        for j, value in enumerate(GENERIC_VALUES):
            keyed = [x for x in CONTEXTS if x[3] and x[0] != "env"]
            ctx = keyed[(i * 4 + j) % len(keyed)]
            ctx_id, pattern, render, _ = ctx
            c.add_marked("generic", pattern.format(stem=f"pos_{snake(name)}_{ctx_id}_{j}"), render(name), value, "generic-secret")
    for i, (name, value) in enumerate([
        ("DB_PASSWORD", "changeme"), ("DB_PASSWORD", "Password123!"), ("API_KEY", "your_api_key_here"),
        ("CLIENT_SECRET", "${CLIENT_SECRET}"), ("AUTH_TOKEN", "<token>"), ("SMTP_PASSWORD", "hunter2"),
        ("API_KEY", "123e4567-e89b-12d3-a456-426614174000"), ("SIGNING_SECRET", "settings.SIGNING_SECRET"),
        ("AUTH_TOKEN", "xxxxxxxxxxxxxxxxxxxxxxxx"), ("DB_PASSWORD", "%(db_password)s"),
        ("API_KEY", "REPLACE_WITH_YOUR_KEY"), ("CLIENT_SECRET", "MY_CLIENT_SECRET_VALUE"),
        ("AUTH_TOKEN", "dummy-token-for-tests"), ("DB_PASSWORD", "postgres"), ("API_KEY", "0000000000000000"),
    ]):
        keyed = [x for x in CONTEXTS if x[3]]
        ctx = keyed[i % len(keyed)]
        ctx_id, pattern, render, _ = ctx
        c.add_marked("generic", pattern.format(stem=f"neg_{snake(name)}_{ctx_id}_{i}"), render(name), value, None)
    code_negatives = {
        "forms.py": "def login(request):\n    password = request.form['password']\n    token = request.headers.get('Authorization')\n    if password == confirm_password:\n        return authenticate(username, password)\n",
        "auth.ts": "export function setToken(token: string) {\n  const authToken = token;\n  localStorage.setItem('authToken', authToken);\n}\nconst passwordField = document.querySelector('#password');\n",
        "settings.py": "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nDATABASES = {'default': {'PASSWORD': os.getenv('DB_PASSWORD', '')}}\nAUTH_PASSWORD_VALIDATORS = []\n",
        "client.go": "func New(token string) *Client {\n\treturn &Client{token: token, apiKey: os.Getenv(\"API_KEY\")}\n}\n",
        "i18n.json": '{\n  "password_label": "Password",\n  "password_hint": "At least 12 characters",\n  "token_expired": "Your session token expired"\n}\n',
        "values.yaml": "auth:\n  password: {{ .Values.auth.password | quote }}\n  secretName: {{ include \"app.fullname\" . }}-secret\n",
        "workflow.yml": "env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n",
        "struct.rs": "pub struct Credentials {\n    pub password: SecretString,\n    pub api_key: Option<String>,\n    pub token_ttl: Duration,\n}\n",
    }
    for rel, text in code_negatives.items():
        c.add("generic", f"code/{rel}", text, [])

    # Dotenv files.
    for i in range(6):
        c.add("dotenv", f"app{i}/.env",
              f"# local settings\nAPP_ENV=production\nDEBUG=false\nSESSION_SECRET={{{{rand:alnum:{24 + i}}}}}\nPORT=8080\n",
              [{"rule": "dotenv-secret", "line": 4}])
    c.add("dotenv", "multi/.env", 'export JWT_SECRET="{{rand:base64:44}}"\nMAIL_PASS=\'{{rand:alnum:18}}\'\n',
          [{"rule": "dotenv-secret", "line": 1}, {"rule": "dotenv-secret", "line": 2}])
    c.add("dotenv", "examples/.env.example",
          "APP_ENV=development\nDB_PASSWORD=\nAPI_KEY=your-api-key\nJWT_SECRET=change-me\nSTRIPE_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n", [])
    c.add("dotenv", "examples/.env.sample", "DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev\nREDIS_URL=redis://localhost:6379\nSECRET_KEY=${SECRET_KEY}\n", [])
    c.add("dotenv", "examples/.env.template", "TOKEN_TTL=3600\nAUTH_PROVIDER=github\nPUBLIC_KEY_PATH=./keys/pub.pem\nSESSION_SECRET=<generate with openssl rand -hex 32>\n", [])

    # URLs with credentials.
    for i, (scheme, host, tail) in enumerate([
        ("postgres", "db.acme.internal:5432", "/orders"), ("mysql", "10.0.3.7:3306", "/shop"),
        ("mongodb+srv", "cluster0.ab1cd.mongodb.net", "/app?retryWrites=true"), ("redis", "cache.acme.internal:6379", "/0"),
        ("amqp", "rabbitmq:5672", "/prod"), ("https", "git.acme.io", "/team/app.git"),
    ]):
        c.add_marked("urls", f"url_{i}.yaml", f"connection:\n  url: {scheme}://svc-user:{MARK}@{host}{tail}\n", "{{rand:alnum:20}}", "url-password")
    c.add("urls", "git-credentials/.git-credentials", "https://deploy-bot:{{rand:alnum:40}}@github.example.net\n", [{"rule": "url-password", "line": 1}])
    for i, url in enumerate([
        "postgres://postgres:postgres@localhost:5432/dev", "postgres://user:password@localhost/db",
        "postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}/app", "amqp://guest:guest@localhost:5672//",
        "https://github.com/acme/app.git", "mysql://root:<password>@127.0.0.1:3306/test",
    ]):
        c.add("urls", f"neg_url_{i}.txt", f"DATABASE_URL={url}\n" if i % 2 else f"url = \"{url}\"\n", [])

    # Hard negatives: hashes, lockfiles, UUIDs, base64 blobs, minified code, source maps.
    c.add("hashes", "checksums.txt", "".join(f"{{{{rand:hex:64}}}}  dist/app-{i}.tar.gz\n" for i in range(8)), [])
    c.add("hashes", "git_log.txt", "".join(f"commit {{{{rand:hex:40}}}}\nAuthor: Dev <dev@acme.io>\n\n    fix {i}\n\n" for i in range(6)), [])
    c.add("hashes", "digests.yaml", "images:\n  api: registry.acme.io/api@sha256:{{rand:hex:64}}\n  web: registry.acme.io/web@sha256:{{rand:hex:64}}\nmd5: {{rand:hex:32}}\nsha1: {{rand:hex:40}}\n", [])
    c.add("hashes", "token_hashes.py", "PASSWORD_HASH = 'pbkdf2_sha256$600000${{rand:alnum:22}}${{rand:base64:43}}='\nTOKEN_DIGEST = '{{rand:hex:64}}'\nAPI_KEY_SHA256 = '{{rand:hex:64}}'\n", [])
    c.add("lockfiles", "package-lock.json",
          '{\n  "name": "web",\n  "lockfileVersion": 3,\n  "packages": {\n' + ",\n".join(
              f'    "node_modules/{p}": {{\n      "version": "1.{i}.0",\n      "resolved": "https://registry.npmjs.org/{p}/-/{p}-1.{i}.0.tgz",\n      "integrity": "sha512-{{{{rand:base64:86}}}}=="\n    }}'
              for i, p in enumerate(["auth-token", "jsonwebtoken", "passport", "secret-handshake", "api-key-utils"])) + "\n  }\n}\n", [])
    c.add("lockfiles", "yarn.lock", "".join(
        f'{p}@^2.{i}.0:\n  version "2.{i}.1"\n  resolved "https://registry.yarnpkg.com/{p}/-/{p}-2.{i}.1.tgz#{{{{rand:hex:40}}}}"\n  integrity sha512-{{{{rand:base64:86}}}}==\n\n'
        for i, p in enumerate(["oauth-token", "password-hash", "keygrip"])), [])
    c.add("lockfiles", "Cargo.lock", "".join(
        f'[[package]]\nname = "{p}"\nversion = "0.{i}.3"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{{{{rand:hex:64}}}}"\n\n'
        for i, p in enumerate(["secrecy", "token-cache", "password-hash", "aws-sigv4"])), [])
    c.add("lockfiles", "go.sum", "".join(
        f"github.com/acme/{p} v1.{i}.0 h1:{{{{rand:base64:43}}}}=\ngithub.com/acme/{p} v1.{i}.0/go.mod h1:{{{{rand:base64:43}}}}=\n"
        for i, p in enumerate(["oauth2", "jwt-go", "secrets"])), [])
    c.add("lockfiles", "poetry.lock", "".join(
        f'[[package]]\nname = "{p}"\nversion = "2.{i}.0"\nfiles = [\n    {{file = "{p}-2.{i}.0-py3-none-any.whl", hash = "sha256:{{{{rand:hex:64}}}}"}},\n]\n\n'
        for i, p in enumerate(["pyjwt", "keyring", "python-dotenv"])), [])
    c.add("lockfiles", "Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    jwt (2.7.1)\n    bcrypt (3.1.19)\n\nCHECKSUMS\n  jwt (2.7.1) sha256={{rand:hex:64}}\n", [])
    c.add("lockfiles", "composer.lock", '{\n  "packages": [\n    {"name": "firebase/php-jwt", "source": {"reference": "{{rand:hex:40}}"}, "dist": {"shasum": "{{rand:hex:40}}"}}\n  ]\n}\n', [])
    c.add("lockfiles", "pnpm-lock.yaml", "packages:\n  /secure-password@4.0.0:\n    resolution: {integrity: sha512-{{rand:base64:86}}==}\n", [])
    c.add("uuids", "fixtures.json", '{\n' + ",\n".join(f'  "{k}": "{{{{rand:hex:8}}}}-{{{{rand:hex:4}}}}-4{{{{rand:hex:3}}}}-a{{{{rand:hex:3}}}}-{{{{rand:hex:12}}}}"' for k in ["id", "request_id", "tenant_id", "session_id", "api_key_id", "token_id", "trace"]) + "\n}\n", [])
    c.add("uuids", "migrations.sql", "INSERT INTO api_keys (id, owner_id, name) VALUES ('{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-8{{rand:hex:3}}-{{rand:hex:12}}', 42, 'ci');\n", [])
    c.add("base64", "logo.svg.html", '<img alt="logo" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA{{rand:base64:2000}}" />\n', [])
    c.add("base64", "font.css", '@font-face {\n  font-family: "Inter";\n  src: url(data:font/woff2;base64,d09GMgABAAAAA{{rand:base64:3000}}) format("woff2");\n}\n', [])
    c.add("base64", "fixture.b64", "".join("{{rand:base64:76}}\n" for _ in range(20)), [])
    c.add("minified", "app.min.js",
          '!function(e){"use strict";var t={authToken:null,password:e.password,apiKey:e.apiKey};function n(e){return e.token||t.authToken}' +
          'var r="{{rand:alnum:12}}",o=function(e,t){return e+t};e.login=function(i){return fetch("/api/login",{method:"POST",body:JSON.stringify({username:i.user,password:i.pass})})}}(window);\n', [])
    c.add("minified", "app.min.js.map", '{"version":3,"sources":["src/auth.ts"],"names":["token","password","apiKey"],"mappings":"' + "{{rand:A-Za-z:4000}}" + '"}\n', [])

    generic_round2(c)
    dotenv_chosen(c)
    k8s_secrets(c)
    credential_files(c)

    with open(os.path.join(ROOT, "labels.json"), "w") as f:
        json.dump({"files": c.files}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(c.files)} files")


if __name__ == "__main__":
    main()
