"""Room bookings under contention on PostgreSQL (EV2, FN3): many people book at the same moment.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partenaria_rooms_bench .venv/bin/python bench/rooms.py

Data (generated here, in a database whose name contains "bench", emptied first): one school lending
two rooms, one Département booking them under a convention that grants ``--free`` free bookings a
year. ``--threads`` people then book at once, each ``--per-thread`` times, through
``rooms.services.booking_request``: half of them aim at slots another thread also wants (collisions),
all count against the same quota. Measured: bookings made, refusals, time per booking act
(median and 95th percentile, refusals included), and the two invariants checked afterwards in SQL:
no two live bookings of a room overlap, and no more free bookings than the quota.
"""

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partenaria.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--per-thread", type=int, default=25)
    parser.add_argument("--free", type=int, default=6)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor != "postgresql" or "bench" not in str(name):
        print("Give a PostgreSQL DATABASE_URL whose database name contains 'bench'.", file=sys.stderr)
        return 2
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)

    from partenaria.accounts.models import User
    from partenaria.conventions.models import Convention, Partnership, PartnershipMember, Party
    from partenaria.organisations.models import Membership, Organisation, Role
    from partenaria.rooms import services
    from partenaria.rooms.models import Booking, Room, RoomQuota

    school = Organisation.objects.create(name="École (bench)", kind="school")
    dept = Organisation.objects.create(name="Département (bench)", kind="departement")
    partnership = Partnership.objects.create(title="Partenariat (bench)")
    for org in (dept, school):
        PartnershipMember.objects.create(partnership=partnership, organisation=org)
    today = timezone.localdate()
    convention = Convention.objects.create(
        partnership=partnership,
        title="Convention (bench)",
        status="active",
        start_date=today.replace(day=1),
        signature_date=today.replace(day=1),
        term_months=36,
    )
    for position, org in enumerate((dept, school)):
        Party.objects.create(convention=convention, organisation=org, position=position)
    RoomQuota.objects.create(convention=convention, owner=school, free_per_year=args.free)
    rooms = [
        Room.objects.create(owner=school, name=f"Salle {n}", capacity=50, open_weekdays="1234567", price=100)
        for n in range(2)
    ]
    users = []
    for n in range(args.threads):
        user = User.objects.create(email=f"agent{n}@bench.test")
        Membership.objects.create(user=user, organisation=dept, role=Role.AGENT)
        users.append(user)
    first_day = today + datetime.timedelta(days=7)

    def slot(thread: int, index: int):
        # Even threads share their slots with the next thread: those bookings collide.
        owner = thread - thread % 2 if thread % 2 else thread
        k = owner * args.per_thread + index
        day = first_day + datetime.timedelta(days=k // 4)
        hour = 9 + 2 * (k % 4)
        return rooms[k % 2], day, hour

    barrier = threading.Barrier(args.threads)
    timings, made, refused = [], [], []
    lock = threading.Lock()

    def worker(thread: int):
        barrier.wait()
        try:
            for index in range(args.per_thread):
                room, day, hour = slot(thread, index)
                data = {
                    "convention": convention,
                    "day": day,
                    "start_time": datetime.time(hour),
                    "end_time": datetime.time(hour + 2),
                    "attendees": 10,
                    "purpose": f"Réunion {thread}-{index}",
                }
                started = time.perf_counter()
                try:
                    booking = services.booking_request(
                        by=users[thread], room=room, organisation=dept, data=data
                    )
                    outcome = made, booking.pk
                except ValidationError as exc:
                    outcome = refused, exc.messages[0]
                elapsed = time.perf_counter() - started
                with lock:
                    timings.append(elapsed)
                    outcome[0].append(outcome[1])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.threads)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM rooms_booking a JOIN rooms_booking b
               ON a.room_id = b.room_id AND a.id < b.id
               AND tstzrange(a.start, a."end") && tstzrange(b.start, b."end")
               WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'"""
        )
        overlaps = cursor.fetchone()[0]
    free = Booking.objects.filter(is_free=True).count()
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    print(f"threads={args.threads} per_thread={args.per_thread} attempts={len(ms)} wall={wall:.2f}s")
    print(f"made={len(made)} refused={len(refused)} bookings/s={len(made) / wall:.1f}")
    print(f"per act: median={statistics.median(ms):.1f} ms p95={p95:.1f} ms max={ms[-1]:.1f} ms")
    print(f"overlapping live bookings={overlaps} free bookings={free} (quota {args.free})")
    return 0 if overlaps == 0 and free == min(args.free, len(made)) else 1


if __name__ == "__main__":
    sys.exit(main())
