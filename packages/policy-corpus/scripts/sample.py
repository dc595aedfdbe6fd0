import subprocess, sys, json, re
M='/work/.mirror/%s/repo'
STRATA = {
 'saleor+saleor': [
  ('auth', ['saleor/account', 'saleor/auth', 'saleor/graphql/account', 'saleor/core/jwt.py', 'saleor/permission'], 7),
  ('payments', ['saleor/payment', 'saleor/checkout', 'saleor/graphql/payment', 'saleor/giftcard', 'saleor/discount', 'saleor/tax'], 7),
  ('migrations', [':(glob)saleor/*/migrations/**'], 7),
  ('api', ['saleor/graphql/schema.graphql'], 4),
  ('docs-tests', ['CHANGELOG.md', 'README.md', ':(glob)saleor/**/tests/**'], 5),
  ('deps-ci', ['pyproject.toml', 'uv.lock', '.github'], 3),
  ('other', ['saleor/product', 'saleor/core', 'saleor/webhook', 'templates'], 3),
 ],
 'dexidp+dex': [
  ('auth', ['connector', 'server/oauth2.go', 'server/handlers.go', 'server/refreshhandlers.go', 'pkg/crypto', 'server/introspectionhandler.go', 'server/deviceflowhandlers.go'], 9),
  ('storage', ['storage/sql', 'storage/ent', 'storage/etcd', 'storage/kubernetes'], 5),
  ('api', ['api', 'server/api.go'], 3),
  ('ui', ['web'], 4),
  ('docs-tests', [':(glob)**/*.md', ':(glob)**/*_test.go', 'examples'], 5),
  ('deps-ci', ['go.mod', '.github', 'Dockerfile', 'Makefile'], 4),
 ],
 'medusajs+medusa': [
  ('auth', ['packages/modules/auth', 'packages/modules/providers/auth-emailpass', 'packages/modules/providers/auth-google', 'packages/medusa/src/api/auth', 'packages/core/framework/src/http/middlewares', 'packages/modules/user'], 7),
  ('payments', ['packages/modules/payment', 'packages/modules/providers/payment-stripe', 'packages/core/core-flows/src/payment', 'packages/modules/cart', 'packages/modules/tax', 'packages/modules/promotion'], 7),
  ('migrations', [':(glob)packages/modules/*/src/migrations/**'], 6),
  ('api', ['packages/medusa/src/api'], 5),
  ('ui', ['packages/admin/dashboard/src', 'packages/admin-next/dashboard/src', 'packages/design-system'], 5),
  ('docs', ['www'], 4),
  ('tests-deps', ['integration-tests', '.changeset', 'yarn.lock'], 3),
 ],
 'lldap+lldap': [
  ('auth', ['server/src/infra/auth_service.rs', 'server/src/infra/tcp_server.rs', 'server/src/infra/jwt_sql_tables.rs', 'crates/auth', 'auth', 'server/src/domain/opaque_handler.rs', 'server/src/infra/ldap_handler.rs', 'crates/ldap'], 7),
  ('migrations', ['server/src/domain/sql_migrations.rs', 'crates/sql-backend-handler/src/sql_migrations.rs', 'migration-tool'], 5),
  ('api', ['schema.graphql', 'server/src/infra/graphql', 'crates/graphql-server'], 4),
  ('ui', ['app'], 5),
  ('docs-tests', ['docs', 'example_configs', 'README.md'], 4),
  ('deps-ci', ['Cargo.lock', '.github', 'Dockerfile'], 2),
 ],
 'solidusio+solidus': [
  ('auth', ['core/app/models/spree/permission_sets', 'core/lib/spree/permission_sets', 'core/app/models/spree/ability.rb', 'core/lib/spree/core/controller_helpers/auth.rb', 'api/app/controllers/spree/api/base_controller.rb', 'core/app/models/spree/user_class_handle.rb', 'core/app/models/concerns/spree/user_api_authentication.rb'], 6),
  ('payments', ['core/app/models/spree/payment.rb', 'core/app/models/spree/payment', 'core/app/models/spree/payment_method', 'core/app/models/spree/refund.rb', 'core/app/models/spree/order_updater.rb', 'core/app/models/spree/tax', 'core/app/models/spree/calculator', 'promotions/app/models'], 7),
  ('migrations', ['core/db/migrate', 'promotions/db/migrate', 'legacy_promotions/db/migrate'], 6),
  ('api', ['api/app/controllers', 'api/config/routes.rb'], 3),
  ('ui', ['admin/app/components', 'backend/app/views', 'admin/app/assets'], 5),
  ('docs-tests', ['CHANGELOG.md', ':(glob)**/*.md', ':(glob)**/spec/**'], 4),
  ('deps-ci', ['Gemfile', 'solidus.gemspec', '.github', ':(glob)*/*.gemspec'], 2),
 ],
 # held-out-2: added after the held-out part was spent, labelled before any classification.
 'Sylius+Sylius': [
  ('auth', ['src/Sylius/Bundle/UserBundle', 'src/Sylius/Component/User', 'config/packages/security.yaml', 'src/Sylius/Bundle/ApiBundle/Security', 'src/Sylius/Bundle/ApiBundle/EventListener', 'src/Sylius/Bundle/CoreBundle/Security', 'src/Sylius/Bundle/ShopBundle/EventListener', 'src/Sylius/Bundle/AdminBundle/Action/Account', 'src/Sylius/Bundle/ApiBundle/CommandHandler/Account'], 8),
  ('payments', ['src/Sylius/Component/Payment', 'src/Sylius/Bundle/PaymentBundle', 'src/Sylius/Bundle/PayumBundle', 'src/Sylius/Component/Core/OrderProcessing', 'src/Sylius/Component/Taxation', 'src/Sylius/Component/Core/Taxation', 'src/Sylius/Component/Promotion', 'src/Sylius/Component/Core/Promotion'], 8),
  ('migrations', ['src/Sylius/Bundle/CoreBundle/Migrations', 'src/Sylius/Bundle/CoreBundle/Doctrine/Migrations'], 6),
  ('api', ['src/Sylius/Bundle/ApiBundle/Resources/config/api_resources', 'src/Sylius/Bundle/ApiBundle/Controller', 'src/Sylius/Bundle/ApiBundle/Command'], 5),
  ('ui', ['src/Sylius/Bundle/AdminBundle/templates', 'src/Sylius/Bundle/ShopBundle/templates', 'src/Sylius/Bundle/UiBundle', 'src/Sylius/Bundle/AdminBundle/Resources/assets', 'src/Sylius/Bundle/ShopBundle/Resources/assets'], 6),
  ('docs-tests', ['docs', 'UPGRADE-2.0.md', 'UPGRADE-API-2.0.md', 'CHANGELOG-2.0.md', 'adr', 'features', 'tests'], 6),
  ('deps-ci', ['composer.json', '.github', 'package.json'], 3),
  ('other', ['src/Sylius/Bundle/ProductBundle', 'src/Sylius/Component/Product', 'src/Sylius/Bundle/ShippingBundle'], 2),
 ],
 # held-out-3: added once held-out-2 was spent (C#, ASP.NET), labelled before any classification.
 'bitwarden+server': [
  ('auth', ['src/Identity', 'src/Core/Auth', 'src/Api/Auth', 'bitwarden_license/src/Sso', 'src/Core/Tokens', 'src/Core/KeyManagement', 'src/Api/KeyManagement'], 8),
  ('payments', ['src/Core/Billing', 'src/Billing', 'src/Api/Billing', 'src/Admin/Billing'], 8),
  ('migrations', ['util/Migrator/DbScripts', 'util/MySqlMigrations', 'util/PostgresMigrations', 'util/SqliteMigrations', 'src/Sql/dbo'], 7),
  ('api', [':(glob)src/Api/**/Controllers/**', ':(glob)src/Api/**/Models/**'], 5),
  ('ui', [':(glob)src/Admin/**/Views/**', 'src/Admin/Sass', 'src/Admin/wwwroot', 'src/Core/MailTemplates'], 6),
  ('docs-tests', [':(glob)**/*.md', 'test', 'bitwarden_license/test'], 6),
  ('deps-ci', ['.github', ':(glob)**/*.csproj', 'Directory.Build.props', 'global.json'], 3),
  ('other', ['src/Core/Vault', 'src/Core/Tools', 'src/Notifications', 'src/Events', 'src/Icons'], 3),
  # The strata above drew no commit that is docs or tests alone and few that are UI alone: these
  # two take only commits whose every file matches the regex, so that T0 and T1 are measured too.
  ('docs-tests-only', [':(glob)**/*.md', 'test', 'bitwarden_license/test'], 5, r'(\.md$|^test/|^bitwarden_license/test/|^\.claude/)'),
  ('ui-only', [':(glob)src/Admin/**/Views/**', 'src/Admin/Sass', 'src/Admin/wwwroot', 'src/Core/MailTemplates'], 4, r'(/Views/.*\.cshtml$|^src/Admin/Sass/|^src/Admin/wwwroot/|^src/Core/MailTemplates/|\.md$|^test/)'),
 ],
}

def git(d,*a): return subprocess.run(['git','--git-dir',d,*a],capture_output=True,text=True,check=True).stdout
def stat(d,sha):
  r=subprocess.run(['git','--git-dir',d,'show','--format=','--shortstat',sha],capture_output=True,text=True)
  if r.returncode: return None
  b=r.stdout
  m=re.search(r'(\d+) files? changed',b); f=int(m.group(1)) if m else 0
  n=sum(int(x) for x in re.findall(r'(\d+) (?:insertion|deletion)',b))
  return f,n
out=[]
only=sys.argv[1:]  # repositories to sample (default: all)
for repo,strata in STRATA.items():
  if only and repo not in only: continue
  d=M%repo; chosen=set()
  for name,paths,k,*only in strata:  # only: a regex every changed path must match
    shas=git(d,'log','--no-merges','--format=%H','-n','1200','--',*paths).split()
    if only: shas=[h for h in shas if all(re.search(only[0],f) for f in git(d,'show','--format=','--name-only',h).split('\n') if f)]
    step=max(1,len(shas)//(k*3)); got=0
    for i in range(0,len(shas),step):
      if got>=k: break
      sha=shas[i]
      if sha in chosen: continue
      st=stat(d,sha)
      if not st: continue
      f,n=st
      if 1<=f<=30 and n<=1500:
        chosen.add(sha); got+=1; out.append({'repo':repo.replace('+','/'),'commit':sha,'stratum':name})
    print(repo,name,got,file=sys.stderr)
for o in out: print(json.dumps(o))
