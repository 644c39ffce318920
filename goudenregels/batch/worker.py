"""A local worker process: ``python -m goudenregels.batch.worker JOB RESULT`` audits one site.

The batch starts it in a session of its own, so the site's whole process tree (the Playwright
driver, Chromium and its renderers) can be stopped together. It reads the job (JSON), runs it
and writes the result (JSON) atomically; a worker that is killed writes nothing, which the batch
reads as a crash. If the batch process itself dies (kill -9), the worker notices that its
parent is gone and stops its site like Ctrl-C would, so no orphan goes on writing into OUT/.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

PARENT_POLL = 0.5  # seconds between looks at whether the batch is still there
KILL_AFTER = 10.0  # seconds a stopped worker gets to save its snapshot before it is killed


def _watch_parent(parent: int) -> None:
    """Stop this worker's session when the batch that started it is gone."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    try:
        os.killpg(os.getpgrp(), signal.SIGTERM)  # the crawler saves what it read, then exits
        time.sleep(KILL_AFTER)
        os.killpg(os.getpgrp(), signal.SIGKILL)
    except OSError:
        pass


def main(argv: list[str]) -> int:
    from goudenregels.batch.jobs import SiteJob, run_job
    from goudenregels.batch.ledger import write_atomically

    job_path, result_path = Path(argv[0]), Path(argv[1])
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    job = SiteJob.from_dict(json.loads(job_path.read_text(encoding="utf-8")))
    result = run_job(job)
    write_atomically(result_path, json.dumps(result.to_dict(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
