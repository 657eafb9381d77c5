#!/usr/bin/env python3
"""Writes N varied, valid archfit profiles (default catalog) for the benchmark.

Usage: gen_profiles.py OUT_DIR [N] [SEED]

Profiles are spread over 100 team directories like a monorepo, about 370 bytes each on
average: a comment header, the four required fields, a random subset of the optional ones,
sometimes `current:`, and about one in three with one to three components. The same seed
always writes the same files, so runs are comparable.
"""
import os
import random
import sys

ENUMS = {
    "stage": ["idea", "mvp", "growth", "mature"],
    "requirements": ["evolving", "stable"],
    "complexity": ["simple", "moderate", "complex"],
    "scaling": ["uniform", "heterogeneous"],
    "traffic": ["steady", "variable", "spiky"],
    "devops": ["none", "limited", "moderate", "strong"],
    "workload": ["request-response", "event-driven", "mixed"],
    "coupling": ["tight", "loose", "mixed"],
}
BOOLS = [
    "independent_deploys", "multiple_stacks", "high_availability", "strong_consistency",
    "long_running", "stateful", "latency_sensitive", "avoid_lock_in", "minimize_ops",
]
REQUIRED = ["scaling", "traffic", "devops"]
OPTIONAL_ENUMS = ["stage", "requirements", "complexity", "workload", "coupling"]
# Fields a component may override (per_component is false for team_size, teams, stage).
PER_COMPONENT = ["requirements", "complexity", "scaling", "traffic", "devops", "workload",
                 "coupling"] + BOOLS
PATTERNS = ["monolith", "serverless", "event-driven", "microservices", "hybrid"]
PARTS = ["billing", "search", "images", "checkout", "reports", "notifications", "auth", "ingest"]


def value(rng, field):
    if field in ENUMS:
        return rng.choice(ENUMS[field])
    return rng.choice(["true", "false"])


def profile(rng, i):
    team_size = rng.choice([rng.randint(1, 9), rng.randint(10, 20), rng.randint(21, 400)])
    lines = [
        "# archfit profile",
        f"# Service {i}: generated for the benchmark.",
        f"name: service-{i:05d}",
        f"team_size: {team_size}",
    ]
    if rng.random() < 0.6:
        lines.append(f"teams: {rng.randint(1, max(1, min(team_size, 40)))}")
    for field in REQUIRED:
        lines.append(f"{field}: {value(rng, field)}")
    for field in OPTIONAL_ENUMS:
        if rng.random() < 0.6:
            lines.append(f"{field}: {value(rng, field)}")
    for field in BOOLS:
        if rng.random() < 0.4:
            lines.append(f"{field}: {value(rng, field)}")
    if rng.random() < 0.5:
        lines.append(f"current: {rng.choice(PATTERNS)}")
    if rng.random() < 0.35:
        lines.append("components:")
        for name in rng.sample(PARTS, rng.randint(1, 3)):
            lines.append(f"  - name: {name}")
            for field in rng.sample(PER_COMPONENT, rng.randint(1, 4)):
                lines.append(f"    {field}: {value(rng, field)}")
    return "\n".join(lines) + "\n"


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 6)
    for i in range(n):
        team = os.path.join(out, f"team-{i % 100:02d}")
        os.makedirs(team, exist_ok=True)
        with open(os.path.join(team, f"service-{i:05d}.yaml"), "w") as f:
            f.write(profile(rng, i))


if __name__ == "__main__":
    main()
