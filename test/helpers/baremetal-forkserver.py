# Runs Debian's `baremetal` CLI (ironicclient.shell.main, the function /usr/bin/baremetal calls)
# once per request in a process forked from this warm one, so each command skips Python's start-up
# and the imports (~2 s each on the CI machine) yet starts from the same fresh state a new process
# would. Requests are JSON lines on stdin ({"id", "argv", "env"}); each answer is one JSON line
# ({"id", "code", "stdout", "stderr"}) on the stdout this server was given. EOF on stdin ends it.
import json
import os
import sys
import tempfile
import threading
import traceback

sys.argv[0] = "/usr/bin/baremetal"  # cliff names the program (usage, errors) after argv[0]

from ironicclient.shell import App, main  # noqa: E402

# Warm the imports a command needs: the app, its plugin entry points and every command's module.
for _name, _entry in App().command_manager:
    try:
        _entry.load()
    except Exception:  # a plugin that fails to import fails the same way in the command
        pass

requests = os.fdopen(os.dup(0))
answers = os.fdopen(os.dup(1), "w")
answer_lock = threading.Lock()
devnull = os.open(os.devnull, os.O_RDWR)
os.dup2(devnull, 0)
os.dup2(devnull, 1)


def run_child(argv, env, out_path, err_path):
    out = os.open(out_path, os.O_WRONLY)
    err = os.open(err_path, os.O_WRONLY)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = ["baremetal", *argv]
    code = 1
    try:
        code = main(argv)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if isinstance(e.code, str):
            print(e.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code or 0)


def answer(request_id, pid, out_path, err_path):
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    with open(out_path) as f:
        stdout = f.read()
    with open(err_path) as f:
        stderr = f.read()
    os.unlink(out_path)
    os.unlink(err_path)
    with answer_lock:
        answers.write(json.dumps({"id": request_id, "code": code if code >= 0 else 128 - code, "stdout": stdout, "stderr": stderr}) + "\n")
        answers.flush()


for line in requests:
    request = json.loads(line)
    paths = [tempfile.mkstemp(prefix="tyr-baremetal-")[1] for _ in range(2)]
    pid = os.fork()
    if pid == 0:
        run_child(request["argv"], request["env"], *paths)
    threading.Thread(target=answer, args=(request["id"], pid, *paths)).start()
