#!/usr/bin/env python3
"""Writes N realistic workflow files (about 20 steps each) for the lint benchmark.

Each file holds one Workflow; every fifth also holds a Configuration and a Schedule, so lint
resolves references across files as it does on a real repository.
"""
import os
import random
import sys

ACTIONS = ["http.request", "core.set", "core.log", "human.gate", "core.wait", "core.noop"]


def step(index, previous_ids, rng):
    step_id = f"step_{index:02d}"
    needs = rng.sample(previous_ids, k=min(len(previous_ids), rng.choice([0, 1, 1, 2])))
    upstream = needs[0] if needs else None
    action = ACTIONS[index % len(ACTIONS)]
    lines = [f"    - id: {step_id}", f"      action: {action}"]
    if needs:
        lines.append(f"      needs: [{', '.join(needs)}]")
    ref = f".steps.{upstream}.output" if upstream else ".trigger"
    if action == "http.request":
        lines += [
            "      with:",
            "        method: POST",
            f'        url: "https://api{index}.example/v1/items/${{ .trigger.customer_id }}"',
            "        headers: {Accept: application/json}",
            f'        body: {{id: "${{ .trigger.customer_id }}", previous: "${{ {ref} }}", region: "${{ .vars.region }}"}}',
            "      retry: {maxAttempts: 3, backoff: exponential, initialInterval: 1s, maxInterval: 30s}",
            "      timeout: 30s",
        ]
    elif action == "core.set":
        lines += [
            "      with:",
            f'        total: "${{ [{ref} | .. | numbers] | add // 0 }}"',
            f'        label: "item ${{ .trigger.customer_id }} at {index}"',
        ]
    elif action == "core.log":
        lines += [f'      with: {{message: "step {index} saw ${{ {ref} | tostring | .[0:40] }}", level: info}}']
    elif action == "human.gate":
        lines += [
            "      with:",
            f'        title: "Approve item ${{ .trigger.customer_id }} ({index})?"',
            "        approvers: {groups: [operations]}",
            "        timeout: 4h",
        ]
        if upstream:
            lines.append(f"      if: ${{ {ref} != null }}")
    elif action == "core.wait":
        lines += ["      with: {duration: 5m}"]
    else:
        lines += ["      continueOnError: true"]
    return step_id, lines


def workflow_file(number, rng):
    name = f"workflow-{number:04d}"
    lines = [
        "apiVersion: sovereign/v1",
        "kind: Workflow",
        f"metadata: {{name: {name}, title: Generated workflow {number}, labels: {{team: team-{number % 7}}}}}",
        "spec:",
        "  inputs:",
        "    type: object",
        "    required: [customer_id]",
        "    properties: {customer_id: {type: string}, priority: {type: integer, minimum: 1}}",
        "  vars: {region: eu-west}",
        "  timeout: 2h",
        "  steps:",
    ]
    ids = []
    for index in range(20):
        step_id, step_lines = step(index, ids, rng)
        ids.append(step_id)
        lines += step_lines
    lines += ["  outputs:", f'    last: "${{ .steps.{ids[-1]}.output }}"']
    if number % 5 == 0:
        lines += [
            "---",
            "apiVersion: sovereign/v1",
            "kind: Configuration",
            f"metadata: {{name: {name}-defaults}}",
            f"spec: {{workflow: {name}, trigger: {{customer_id: batch, priority: 2}}}}",
            "---",
            "apiVersion: sovereign/v1",
            "kind: Schedule",
            f"metadata: {{name: {name}-nightly}}",
            "spec:",
            f"  workflow: {name}",
            f"  configuration: {name}-defaults",
            f'  cron: "{number % 60} 2 * * MON-FRI"',
            "  timezone: Europe/Berlin",
        ]
    return name, "\n".join(lines) + "\n"


def main():
    count = int(sys.argv[1])
    target = sys.argv[2]
    os.makedirs(target, exist_ok=True)
    rng = random.Random(42)
    for number in range(count):
        name, text = workflow_file(number, rng)
        with open(os.path.join(target, f"{name}.yaml"), "w") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
