//go:build unix

package main

import "syscall"

// umask returns the process's umask (tests only: reading it sets it).
func umask() int {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return m
}
