enum CronPending {}
