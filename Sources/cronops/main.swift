import CronopsCLI

CronopsCommand.main()
