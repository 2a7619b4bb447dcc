"""Run the chosen stages in dependency order, ``lanes`` of them side by side.

On 2 CPU cores two lanes of one torch thread each finish sooner than one lane of two
threads: Stanza's small models do not scale across threads, and the longest stages
(depparse, NER) do not depend on each other.
"""

import logging
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from app.training.stages import STAGES, Stage, StageContext, is_done, run_stage

log = logging.getLogger(__name__)


def with_dependencies(names: list[str], layout_ctx: StageContext) -> list[Stage]:
    """The stages named plus any unfinished stage they need, in pipeline order."""
    by_name = {stage.name: stage for stage in STAGES}
    chosen: set[str] = set()

    def add(name: str) -> None:
        if name in chosen:
            return
        chosen.add(name)
        for need in by_name[name].needs:
            if not is_done(layout_ctx.layout, need):
                add(need)

    for name in names:
        add(name)
    return [stage for stage in STAGES if stage.name in chosen]


def run_stages(
    stages: list[Stage],
    ctx: StageContext,
    lanes: int,
    out_dir: Path | None,
) -> dict[str, dict[str, object]]:
    """Run ``stages``; a stage starts once everything it needs is done. Fails fast."""
    results: dict[str, dict[str, object]] = {}
    pending = list(stages)
    running: dict[Future[dict[str, object]], Stage] = {}
    with ThreadPoolExecutor(max_workers=max(lanes, 1)) as pool:
        while pending or running:
            for stage in list(pending):
                if len(running) >= lanes:
                    break
                if all(is_done(ctx.layout, need) for need in stage.needs):
                    pending.remove(stage)
                    running[pool.submit(run_stage, stage, ctx, out_dir)] = stage
            if not running:
                blocked = ", ".join(stage.name for stage in pending)
                raise RuntimeError(f"stages cannot start, their inputs failed: {blocked}")
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                stage = running.pop(future)
                results[stage.name] = future.result()
    return results
