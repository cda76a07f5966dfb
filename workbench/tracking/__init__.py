"""Tracking: the law's clocks of every case (statutory periods, extensions, suspensions), the
yellow and red alerts they raise, and the workload figures of judges and divisions."""

from .calendar import HolidayCalendar, add_days, add_months, load_calendar, period_end
from .figures import Figures, compute_figures, write_figures_csv
from .periods import CaseAlert, CaseClock, Deadline, case_alerts, case_deadlines, compute_deadlines

__all__ = ["CaseAlert", "CaseClock", "Deadline", "Figures", "HolidayCalendar", "add_days",
           "add_months", "case_alerts", "case_deadlines", "compute_deadlines", "compute_figures",
           "load_calendar", "period_end", "write_figures_csv"]
