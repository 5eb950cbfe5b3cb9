"""The nightly scoring: the job and its reads and writes, the scheduler, the dashboards' reads."""
