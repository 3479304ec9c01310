"""How much memory processing one idea image takes: run in a fresh process, prints JSON.

    python -m tests.ideas.measure_image_memory FILE [FILE...]

For each file, the rise of the process's peak resident memory (VmHWM) while
``process_image`` handles it, and what it answered. Files are measured in the order
given; a later file shows a rise only once it needs more than every earlier one did,
so measure one file per process when the figures matter.
"""

import io
import json
import os
import resource
import sys
import time


def peak_mb():
    """This process's peak resident memory. Linux's VmHWM, not ru_maxrss, which a process started
    from a large one (pytest) inherits from it across exec, hiding any smaller rise."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main(paths):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from wagtail_participation.ideas.images import process_image

    warm_up = io.BytesIO()  # load Pillow's plugins and codecs before measuring
    Image.new("RGB", (64, 64), "red").save(warm_up, format="JPEG")
    process_image(SimpleUploadedFile("warm-up.jpg", warm_up.getvalue()))
    results = []
    for path in paths:
        with open(path, "rb") as file:
            upload = SimpleUploadedFile(os.path.basename(path), file.read())
        before, started = peak_mb(), time.perf_counter()
        try:
            output = process_image(upload)
            answer = {"accepted": True, "bytes": output.size}
        except ValidationError as error:
            answer = {"accepted": False, "error": error.messages[0], "code": error.code}
        results.append(
            {
                "file": os.path.basename(path),
                "file_bytes": upload.size,
                "peak_rise_mb": round(peak_mb() - before, 1),
                "seconds": round(time.perf_counter() - started, 2),
                **answer,
            }
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1:])
