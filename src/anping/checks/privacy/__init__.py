"""Privacy-policy and app rules for app-pi-2019, split by concept.

`text` reads policies, `vocab` holds the words the rules look for, `rules` decides the items a
policy's wording can decide, `timelimits` holds committed limits to the law's thresholds,
`manifest` reads Android manifests (XXE-safe), `sdks` knows typical third-party SDKs and
`observation` records what only the running app can show. The registered checks live in
`anping.checks.privacy_policy`.
"""
