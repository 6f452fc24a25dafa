/// The schedule in words for the comment above a job's lines.
enum ScheduleWords {
    static func describe(_ schedule: CronSchedule) -> String {
        schedule.expression
    }
}
