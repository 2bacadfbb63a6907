using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BotHub.Admin.Data.Migrations
{
    /// <inheritdoc />
    public partial class BroadcastPausedTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PausedMs",
                table: "Broadcasts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedUtc",
                table: "Broadcasts",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PausedMs",
                table: "Broadcasts");

            migrationBuilder.DropColumn(
                name: "PausedUtc",
                table: "Broadcasts");
        }
    }
}
