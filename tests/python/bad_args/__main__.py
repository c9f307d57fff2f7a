"""A Python program with wrong argument types: the component must refuse it with a message naming each field."""

import pulumi_k8s_workloads as wl

wl.RollingDeployment(
    "web",
    image="nginx:1.25.3",
    port="eighty",  # type: ignore[arg-type]  # a port is a number
    replicas="three",  # type: ignore[arg-type]  # a count is a number
)
