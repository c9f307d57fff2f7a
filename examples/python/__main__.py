"""k8s-workloads from Python: a rolling web tier, a canary release and a replicated MySQL.

The SDK (`pulumi_k8s_workloads`) is generated from the package's schema by `pulumi package add` (see the README,
"Use from other languages"). The components run in the package's Node.js plugin; this program only declares them.
"""

import pulumi
import pulumi_k8s_workloads as wl

config = pulumi.Config()
# `pulumi config set --secret dbPassword ...`: it stays a secret all the way into the MySqlCluster's Secret.
db_password = config.require_secret("dbPassword")

web = wl.RollingDeployment(
    "web",
    image="nginx:1.25.3",
    port=8080,
    replicas=3,
    max_surge="1",
    max_unavailable="0",
)

shop = wl.CanaryDeployment(
    "shop",
    port=8080,
    replicas=10,
    stable=wl.TrackArgsArgs(image="myapp:v1.0.0"),
    canary=wl.TrackArgsArgs(image="myapp:v2.0.0"),
    canary_weight=20,
    traffic=wl.TrafficMode.REPLICAS,
)

mysql = wl.MySqlCluster(
    "mysql",
    replicas=3,
    storage_size="10Gi",
    root_password=db_password,
)

pulumi.export("webService", web.service_name)
pulumi.export("shopCanaryPods", shop.canary_replicas)
pulumi.export("mysqlPrimary", mysql.primary_host)
